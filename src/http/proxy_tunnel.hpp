#pragma once
// The HTTP CONNECT handshake that turns a TCP connection to a proxy into a tunnel to the origin.
// Internal: includes Beast.

#include "http/origin.hpp"
#include "http/proxy.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace polycloud::http {

/// Sends `CONNECT host:port` (with Proxy-Authorization only when the proxy URL has userinfo) on
/// `stream`, connected to `proxy`, and reads the proxy's answer, by the stream's expiry. A 2xx opens the
/// tunnel: the origin's TLS handshake (SNI and verification of the origin's own host) runs through it next.
/// Else: a 5xx (the proxy could not reach the origin) is `unavailable`, retried as a refused origin; a 407
/// or any other answer is `config` naming the proxy and its status. Provider credentials never travel
/// here: they are written inside the tunnel, TLS-encrypted for an https origin.
boost::asio::awaitable<Result<void>> open_tunnel(boost::beast::tcp_stream& stream, Proxy const& proxy,
                                                 Origin const& origin);

}  // namespace polycloud::http
