#include "providers/common/requests.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>

namespace polycloud::providers {

namespace json = boost::json;
namespace urls = boost::urls;

urls::url resource_url(urls::url_view endpoint, std::initializer_list<std::string_view> segments) {
  urls::url url(endpoint);
  url.remove_query().remove_fragment();
  auto path = url.segments();
  // "https://host/" and "https://host/api/" end in an empty segment: drop it before appending.
  if (!path.empty() && path.back().empty()) path.pop_back();
  // Strict, like append_query_param: Boost.URL's segments().push_back leaves sub-delimiters such as
  // `;` raw, and `..;` is a segment some servers (Tomcat) read as `..`. Only RFC 3986's unreserved
  // characters stay as they are; "." and ".." are refused before this (check_resource_id).
  auto encoded = url.encoded_segments();
  for (auto segment : segments) {
    auto const text = urls::encode(segment, urls::unreserved_chars);
    encoded.push_back(urls::pct_string_view(text));
  }
  url.set_path_absolute(true);
  return url;
}

void append_query_param(urls::url& url, std::string_view key, std::string_view value) {
  auto const encoded_key = urls::encode(key, urls::unreserved_chars);
  auto const encoded_value = urls::encode(value, urls::unreserved_chars);
  url.encoded_params().append({urls::pct_string_view(encoded_key), urls::pct_string_view(encoded_value)});
}

http::Request request_for(http::Method method, urls::url url, CallSite const& site, std::string body) {
  http::Request request;
  request.method = method;
  request.url = std::move(url);
  request.operation = site.operation;
  request.check_content_type = true;  // every adapter reads JSON (or the event stream its Accept names)
  request.secrets = site.call_secrets;
  if (!body.empty()) request.headers.push_back({"Content-Type", "application/json"});
  request.body = std::move(body);
  return request;
}

Result<void> check_option_keys(json::object const& options, std::initializer_list<std::string_view> allowed,
                               CallSite const& site) {
  for (auto const& entry : options) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(entry.key())) != allowed.end()) continue;
    std::string known;
    for (auto key : allowed) known += (known.empty() ? "" : ", ") + std::string(key);
    return invalid_argument(site, "unknown provider option \"" + std::string(entry.key()) + "\" for " +
                                      std::string(site.type) + " " + site.operation +
                                      (known.empty() ? " (it takes none)" : " (known: " + known + ")"));
  }
  return {};
}

Result<std::optional<std::string>> string_option(json::object const& options, std::string_view key,
                                                 CallSite const& site) {
  auto const* value = options.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>{};
  auto const* text = value->if_string();
  if (text == nullptr || text->empty()) {
    return invalid_argument(site, "provider option \"" + std::string(key) + "\" must be a non-empty string");
  }
  return std::optional<std::string>{std::string(*text)};
}

}  // namespace polycloud::providers
