#pragma once
// One keep-alive connection to an origin (plain TCP or TLS) and one request/response exchange on it.
// Internal: includes Beast.

#include "http/client.hpp"
#include "http/origin.hpp"
#include "http/proxy.hpp"
#include "http/tls.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace polycloud::http {

class IoDeadline;
class Resolver;

/// Takes each piece of a streamed 2xx body; the exchange reads no further until it returns, so a
/// slow consumer paces the socket (bounded memory) instead of the body piling up.
using ChunkHandler = std::function<boost::asio::awaitable<Result<void>>(std::string_view)>;

struct ExchangeLimits {
  std::size_t max_body_bytes = 64u << 20;
  std::size_t max_header_bytes = 64u << 10;
  Clock::time_point attempt_deadline{};  ///< write, headers and a collected body end by then
  /// A streamed 2xx body may last until call_deadline as long as no gap between bytes exceeds this.
  std::chrono::milliseconds stream_idle_timeout{30'000};
  Clock::time_point call_deadline = Clock::time_point::max();
  /// Non-empty: the Accept value a 2xx body's Content-Type must match (Request::check_content_type).
  std::string_view required_media;
};

struct ExchangeResult {
  Result<Response> response{Response{}};
  bool response_started = false;  ///< response bytes arrived: the request certainly reached the server
  bool reusable = false;          ///< the connection is at a message boundary and keep-alive
  std::size_t body_bytes = 0;
};

class Connection {
 public:
  struct Opened {
    Result<std::unique_ptr<Connection>> connection{std::unique_ptr<Connection>{}};
    bool permanent = false;  ///< the failure cannot go differently on another attempt (no such host)
  };
  /// Name lookup through `resolver`, TCP connect (TCP_NODELAY), with a `proxy` the CONNECT tunnel to
  /// `origin` (the proxy's name is looked up, the origin's is left to the proxy) and, for https, the
  /// verified TLS handshake with `origin`, all by `deadline`.
  static boost::asio::awaitable<Opened> open(Origin const& origin, Proxy const* proxy,
                                             boost::asio::ssl::context* tls_context, std::shared_ptr<Resolver> resolver,
                                             Clock::time_point deadline);
  ~Connection();
  Connection(Connection const&) = delete;
  Connection& operator=(Connection const&) = delete;

  /// Writes `request_bytes` in one write and reads the response. With `on_chunk`, a 2xx body is
  /// handed over as it arrives instead of being collected.
  boost::asio::awaitable<ExchangeResult> exchange(std::string const& request_bytes, ExchangeLimits const& limits,
                                                  ChunkHandler const* on_chunk);

  /// False when the server closed an idle connection (or sent something unasked for plain HTTP).
  bool looks_alive() noexcept;

 private:
  Connection(std::unique_ptr<boost::beast::tcp_stream> plain, std::unique_ptr<TlsStream> tls);
  static boost::asio::awaitable<Result<std::unique_ptr<Connection>>> connect(
      Origin const& origin, Proxy const* proxy, boost::asio::ssl::context* tls_context,
      std::vector<boost::asio::ip::tcp::endpoint> endpoints, Clock::time_point deadline);
  boost::beast::tcp_stream& tcp() noexcept;

  std::unique_ptr<boost::beast::tcp_stream> plain_;  ///< set for http
  std::unique_ptr<TlsStream> tls_;                   ///< set for https
  boost::beast::flat_buffer read_buffer_;
  std::unique_ptr<IoDeadline> deadline_;  ///< the exchanges' (Beast's per-operation timer is off after connecting)
};

/// The exchange on any stream (explicitly instantiated for tcp_stream and TlsStream in exchange.cpp),
/// its reads and writes bounded by `deadline` (none for a stream in memory).
template <class Stream>
boost::asio::awaitable<ExchangeResult> run_exchange(Stream& stream, boost::beast::flat_buffer& buffer,
                                                    std::string const& request_bytes, ExchangeLimits const& limits,
                                                    ChunkHandler const* on_chunk, IoDeadline* deadline = nullptr);

}  // namespace polycloud::http
