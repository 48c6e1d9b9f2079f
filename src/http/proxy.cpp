#include "http/proxy.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include <initializer_list>

namespace polycloud::http {
namespace {

std::string basic_authorization(ProxyUrl const& url) {
  if (url.user.empty() && url.password.empty()) return {};
  std::string const plain = url.user + ":" + url.password;
  std::string encoded(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
  encoded.resize(boost::beast::detail::base64::encode(encoded.data(), plain.data(), plain.size()));
  return "Basic " + encoded;
}

Result<Proxy> proxy_from(std::string_view text, std::string const& variable) {
  auto url = parse_proxy_url(text);
  if (!url) return make_error(ErrorKind::config, variable + ": " + url.error().message);
  auto authorization = basic_authorization(*url);
  return Proxy{std::move(*url), std::move(authorization)};
}

/// The first of `names` set to a non-empty value, as curl reads them.
std::optional<std::pair<std::string, std::string>> first_set(Environment const& env,
                                                             std::initializer_list<char const*> names) {
  for (char const* name : names) {
    if (auto value = env(name); value && !value->empty()) return std::pair{std::string(name), std::move(*value)};
  }
  return std::nullopt;
}

}  // namespace

Result<ProxyChoice> ProxyChoice::from(std::optional<std::string> const& configured, Environment const& env) {
  ProxyChoice choice;
  auto candidate = [](std::optional<std::pair<std::string, std::string>> const& found) -> std::optional<Candidate> {
    if (!found) return std::nullopt;
    return Candidate{found->first, proxy_from(found->second, found->first)};
  };
  if (configured) {
    if (disables_proxy(*configured)) return choice;
    auto proxy = proxy_from(*configured, "proxy");
    if (!proxy) return proxy.error();
    choice.https_ = choice.http_ = Candidate{"proxy", std::move(*proxy)};
    return choice;
  }
  auto const all = first_set(env, {"all_proxy", "ALL_PROXY"});
  auto const https = first_set(env, {"https_proxy", "HTTPS_PROXY"});
  auto const http = first_set(env, {"http_proxy"});
  choice.https_ = candidate(https ? https : all);
  choice.http_ = candidate(http ? http : all);
  if (auto const no_proxy = first_set(env, {"no_proxy", "NO_PROXY"})) choice.no_proxy_ = NoProxy{no_proxy->second};
  return choice;
}

Result<std::optional<Proxy>> ProxyChoice::for_origin(Origin const& origin) const {
  auto const& candidate = origin.tls() ? https_ : http_;
  if (!candidate || no_proxy_.matches(origin.host)) return std::optional<Proxy>{};
  if (!candidate->proxy) return candidate->proxy.error();
  return std::optional<Proxy>{*candidate->proxy};
}

Headers ProxyChoice::secrets() const {
  Headers secrets;
  for (auto const* candidate : {&https_, &http_}) {
    if (!*candidate || !(*candidate)->proxy) continue;
    auto const& proxy = *(*candidate)->proxy;
    if (!proxy.authorization.empty()) secrets.push_back({"Proxy-Authorization", proxy.authorization});
    if (!proxy.url.password.empty()) secrets.push_back({"proxy password", proxy.url.password});
  }
  return secrets;
}

}  // namespace polycloud::http
