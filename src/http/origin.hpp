#pragma once
// An origin (scheme, host, port): the unit of connection pooling and of the credential guard.

#include <polycloud/error.hpp>

#include <boost/url/url_view.hpp>

#include <cstdint>
#include <string>

namespace polycloud::http {

struct Origin {
  std::string scheme;  ///< "http" or "https", lower case
  std::string host;    ///< lower case; an IPv6 literal without brackets
  std::uint16_t port = 0;

  bool tls() const noexcept { return scheme == "https"; }
  /// "https://host:443": the pool key and the form used in messages.
  std::string to_string() const;
  /// "host:443", "[::1]:443": the authority form, a proxy's CONNECT target.
  std::string authority() const;
  friend bool operator==(Origin const&, Origin const&) = default;
};

/// The origin of an absolute http(s) URL; ErrorKind::config for anything else.
Result<Origin> origin_of(boost::urls::url_view url);

/// 127.0.0.0/8, ::1 or "localhost": where plain HTTP is allowed without opting in.
bool is_loopback_host(std::string const& host) noexcept;

}  // namespace polycloud::http
