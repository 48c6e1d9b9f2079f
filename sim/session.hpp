#pragma once
// Internal: serves one accepted connection (plain or TLS) until the peer or a fault closes it.
#include "sim/server_state.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace polycloud::sim::detail {

/// `tls` null: plain HTTP. The state outlives every session (the server joins its thread first).
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                                              ServerState& state);

}  // namespace polycloud::sim::detail
