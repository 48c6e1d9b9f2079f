#pragma once
// Which HTTP proxy (if any) a request goes through: the provider's `proxy` setting, else the
// environment variables curl reads. No Beast here; the CONNECT itself is proxy_tunnel.hpp.

#include "http/client.hpp"
#include "http/no_proxy.hpp"
#include "http/origin.hpp"

#include "core/proxy_url.hpp"

#include <optional>
#include <string>

namespace polycloud::http {

/// One proxy to CONNECT through.
struct Proxy {
  ProxyUrl url;
  /// "Basic <base64(user:password)>" when the URL has userinfo, else empty. A credential: scrubbed
  /// like a token, and sent to the proxy only, in the CONNECT request (never inside the tunnel).
  std::string authorization;
  std::string to_string() const { return url.to_string(); }
};

class ProxyChoice {
 public:
  /// `configured`: the provider's `proxy` value (ClientOptions::proxy); it overrides the environment,
  /// NO_PROXY included, and "" or "none" means no proxy. Unset: https origins use https_proxy, then
  /// HTTPS_PROXY; http origins http_proxy (lower case only, as curl: a CGI server sets HTTP_PROXY from a
  /// request's Proxy: header, "httpoxy"); both then all_proxy, then ALL_PROXY; an empty variable counts
  /// as unset. no_proxy, then NO_PROXY, lists the hosts reached directly. ErrorKind::config naming the
  /// key for a malformed configured value; a malformed variable is reported by for_origin.
  static Result<ProxyChoice> from(std::optional<std::string> const& configured, Environment const& env);

  /// The proxy for `origin`, none, or ErrorKind::config naming the malformed variable that applies
  /// (never its value, which may hold a password).
  Result<std::optional<Proxy>> for_origin(Origin const& origin) const;

  /// The credentials of every proxy this choice may use, as headers for CredentialScrubber.
  Headers secrets() const;

 private:
  struct Candidate {
    std::string variable;  ///< where it came from, for errors: "HTTPS_PROXY", "proxy"
    Result<Proxy> proxy{Proxy{}};
  };
  std::optional<Candidate> https_;
  std::optional<Candidate> http_;
  NoProxy no_proxy_{""};
};

}  // namespace polycloud::http
