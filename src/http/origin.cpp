#include "http/origin.hpp"

#include "core/config_values.hpp"
#include "http/ascii.hpp"

#include <boost/asio/ip/address.hpp>

namespace polycloud::http {

std::string Origin::to_string() const { return scheme + "://" + authority(); }

std::string Origin::authority() const {
  bool const ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Origin> origin_of(boost::urls::url_view url) {
  Origin origin;
  origin.scheme = ascii_lower_copy(url.scheme());
  if (origin.scheme != "http" && origin.scheme != "https") {
    return make_error(ErrorKind::config, "URL '" + std::string{url.buffer()} + "' is not http or https");
  }
  if (url.host_type() == boost::urls::host_type::ipv6) {
    origin.host = url.host_ipv6_address().to_string();
  } else {
    origin.host = ascii_lower_copy(url.encoded_host());
  }
  if (origin.host.empty()) {
    return make_error(ErrorKind::config, "URL '" + std::string{url.buffer()} + "' has no host");
  }
  if (url.has_port()) {
    // Not port_number(): it wraps a port above 65535 modulo 65536, sending the request elsewhere.
    auto const port = detail::port_in_range(url.port());
    if (!port) return make_error(ErrorKind::config, "URL '" + std::string{url.buffer()} + "' has an invalid port");
    origin.port = *port;
  } else {
    origin.port = origin.tls() ? 443 : 80;
  }
  return origin;
}

bool is_loopback_host(std::string const& host) noexcept {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto const address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

}  // namespace polycloud::http
