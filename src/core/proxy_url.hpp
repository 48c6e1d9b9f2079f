#pragma once
// A proxy URL read as curl reads one: "http://[user:password@]host[:port][/]", or the scheme-less
// "host[:port]" (http assumed; corporate setups often write HTTPS_PROXY=proxy.corp:3128). One parser for
// the config's `proxy` key and the transport's environment variables. Only HTTP proxies (CONNECT) are
// supported: an https:// or socks proxy is refused rather than silently bypassed.

#include <polycloud/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace polycloud {

struct ProxyUrl {
  std::string host;          ///< lower case; an IPv6 literal without brackets
  std::uint16_t port = 1080; ///< curl's default proxy port
  std::string user;          ///< percent-decoded; empty without userinfo
  std::string password;      ///< percent-decoded

  /// "http://host:port": the form in messages and pool keys, never with the userinfo.
  std::string to_string() const;
};

/// ErrorKind::config whose message says what is wrong but never repeats the value (it may hold a
/// password); the caller prefixes the variable or key it came from.
Result<ProxyUrl> parse_proxy_url(std::string_view text);

/// A `proxy` config value that turns proxying off for the provider: "" or "none".
bool disables_proxy(std::string_view text) noexcept;

}  // namespace polycloud
