// JSON response bodies: content-type check and parsing under the library's depth limit.
#include "http/client.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

namespace polycloud::http {
namespace {

constexpr unsigned max_json_depth = 64;

/// "application/json; charset=utf-8" → "application/json"
std::string media_type(std::string_view content_type) {
  std::string type{content_type.substr(0, content_type.find(';'))};
  boost::algorithm::trim(type);
  boost::algorithm::to_lower(type);
  return type;
}

bool is_json_media_type(std::string const& type) {
  return type == "application/json" || boost::algorithm::ends_with(type, "+json");
}

}  // namespace

Result<boost::json::value> parse_json_body(Response const& response, std::string const& provider,
                                           std::string const& operation) {
  auto fail = [&](std::string cause) {
    Error error = make_error(ErrorKind::protocol, std::move(cause), provider, operation);
    error.http_status = response.status;
    error.attempts = response.attempts;
    return error;
  };

  auto const content_type = response.header("Content-Type");
  if (!is_json_media_type(media_type(content_type))) {
    return fail(content_type.empty() ? "expected a JSON response but it has no Content-Type"
                                     : "expected a JSON response but Content-Type is '" + std::string{content_type} + "'");
  }

  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::json::error_code ec;
  auto value = boost::json::parse(response.body, ec, {}, options);
  if (ec == boost::json::error::too_deep) {
    return fail("JSON response nests deeper than the limit of " + std::to_string(max_json_depth) + " levels");
  }
  if (ec) return fail("invalid JSON in response body: " + ec.message());
  return value;
}

}  // namespace polycloud::http
