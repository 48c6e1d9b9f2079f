#include "core/proxy_url.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/url/parse.hpp>

namespace polycloud {

std::string ProxyUrl::to_string() const {
  bool const ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ProxyUrl> parse_proxy_url(std::string_view text) {
  auto fail = [](std::string what) { return make_error(ErrorKind::config, std::move(what)); };
  // Without "://" curl assumes http; Boost.URL would read "proxy.corp:3128" as scheme "proxy.corp".
  std::string const full = text.find("://") == std::string_view::npos ? "http://" + std::string(text) : std::string(text);
  auto url = boost::urls::parse_absolute_uri(full);
  if (!url) return fail("expected http://[user:password@]host[:port] (the value is not shown: it may hold a password)");
  auto const scheme = boost::algorithm::to_lower_copy(std::string(url->scheme()));
  if (scheme != "http") {
    return fail("proxy scheme '" + scheme + "' is not supported: only http:// proxies (HTTP CONNECT) are");
  }
  if (!url->encoded_path().empty() && url->encoded_path() != "/") return fail("a proxy URL has no path");
  if (url->has_query() || url->has_fragment()) return fail("a proxy URL has no query or fragment");
  ProxyUrl proxy;
  if (url->host_type() == boost::urls::host_type::ipv6) {
    proxy.host = url->host_ipv6_address().to_string();
  } else {
    proxy.host = boost::algorithm::to_lower_copy(std::string(url->encoded_host()));
  }
  if (proxy.host.empty()) return fail("a proxy URL needs a host");
  if (url->has_port()) {
    // port_number() is 0 for an empty port and for one past 65535 (it would wrap): both refused.
    if (url->port_number() == 0 || url->port() != std::to_string(url->port_number())) {
      return fail("a proxy port must be 1 to 65535");
    }
    proxy.port = url->port_number();
  }
  if (url->has_userinfo()) {
    proxy.user = url->user();
    proxy.password = url->password();
  }
  return proxy;
}

bool disables_proxy(std::string_view text) noexcept { return text.empty() || text == "none"; }

}  // namespace polycloud
