#include "http/connection.hpp"

#include "http/io_deadline.hpp"
#include "http/io_error.hpp"
#include "http/proxy_tunnel.hpp"
#include "http/resolver.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/socket.h>

#include <cerrno>

namespace polycloud::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t read_buffer_bytes = 64u << 10;

bool cancelled(asio::cancellation_state const& state) noexcept {
  return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

Connection::Connection(std::unique_ptr<beast::tcp_stream> plain, std::unique_ptr<TlsStream> tls)
    : plain_(std::move(plain)), tls_(std::move(tls)) {
  read_buffer_.reserve(read_buffer_bytes);  // Beast reads up to the free capacity: 64 KiB per read
  // Connecting was bounded by Beast's timer; from here the exchanges keep their own deadline.
  tcp().expires_never();
  deadline_ = std::make_unique<IoDeadline>(tcp().get_executor(), tcp().socket());
}

Connection::~Connection() {
  boost::system::error_code ignored;
  tcp().socket().close(ignored);  // no TLS close_notify: nothing waits for it, and it could block
}

beast::tcp_stream& Connection::tcp() noexcept { return tls_ ? tls_->next_layer() : *plain_; }

asio::awaitable<Connection::Opened> Connection::open(Origin const& origin, Proxy const* proxy,
                                                    asio::ssl::context* tls_context, std::shared_ptr<Resolver> resolver,
                                                    Clock::time_point deadline) {
  // Through a proxy, the proxy resolves the origin's name: it may be one only the proxy can resolve.
  std::string const host = proxy ? proxy->url.host : origin.host;
  auto const port = proxy ? proxy->url.port : origin.port;
  auto resolved = co_await resolve_by(std::move(resolver), host, port, deadline);
  if (!resolved.endpoints) co_return Opened{resolved.endpoints.error(), resolved.permanent};
  // Not `Opened{co_await …}`: g++ 12.2 miscompiles a braced temporary around a co_await.
  auto connection = co_await connect(origin, proxy, tls_context, std::move(*resolved.endpoints), deadline);
  co_return Opened{std::move(connection)};
}

asio::awaitable<Result<std::unique_ptr<Connection>>> Connection::connect(Origin const& origin, Proxy const* proxy,
                                                                         asio::ssl::context* tls_context,
                                                                         std::vector<tcp::endpoint> endpoints,
                                                                         Clock::time_point deadline) {
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  std::string const during = proxy ? "connecting to the proxy " + proxy->to_string() : "connecting to " + origin.to_string();
  auto stream = std::make_unique<beast::tcp_stream>(co_await asio::this_coro::executor);
  stream->expires_at(deadline);
  auto [ec, endpoint] = co_await stream->async_connect(endpoints, use_tuple);
  if (ec) co_return io_error(ec, {.during = during, .caller_cancelled = cancelled(cancellation)});
  stream->socket().set_option(tcp::no_delay{true}, ec);
  if (proxy) {
    if (auto tunnel = co_await open_tunnel(*stream, *proxy, origin); !tunnel) co_return tunnel.error();
  }

  if (!origin.tls()) co_return std::unique_ptr<Connection>{new Connection{std::move(stream), nullptr}};

  auto tls = std::make_unique<TlsStream>(std::move(*stream), *tls_context);
  if (auto prepared = prepare_tls_stream(*tls, origin.host); !prepared) co_return prepared.error();
  tls->next_layer().expires_at(deadline);
  auto [handshake_ec] = co_await tls->async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (handshake_ec) {
    bool const by_caller = cancelled(cancellation);
    if (handshake_ec == beast::error::timeout || by_caller) {
      co_return io_error(handshake_ec, {.during = "the TLS handshake with " + origin.host, .caller_cancelled = by_caller});
    }
    co_return make_error(ErrorKind::tls, describe_handshake_failure(*tls, handshake_ec, origin.host));
  }
  co_return std::unique_ptr<Connection>{new Connection{nullptr, std::move(tls)}};
}

bool Connection::looks_alive() noexcept {
  if (read_buffer_.size() != 0) return false;  // leftover bytes: out of step with the server
  auto& socket = tcp().socket();
  if (!socket.is_open()) return false;
  char byte = 0;
  auto const peeked = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (peeked == 0) return false;                                         // orderly close by the server
  if (peeked < 0) return errno == EAGAIN || errno == EWOULDBLOCK;        // nothing to read: idle and open
  // Plain HTTP has nothing to say unasked. TLS 1.3 may deliver session tickets (handshake records)
  // late; an alert record (close_notify before the FIN) means the server has closed.
  constexpr char tls_alert_record = 0x15;
  return tls_ != nullptr && byte != tls_alert_record;
}

asio::awaitable<ExchangeResult> Connection::exchange(std::string const& request_bytes, ExchangeLimits const& limits,
                                                     ChunkHandler const* on_chunk) {
  if (tls_) co_return co_await run_exchange(*tls_, read_buffer_, request_bytes, limits, on_chunk, deadline_.get());
  co_return co_await run_exchange(*plain_, read_buffer_, request_bytes, limits, on_chunk, deadline_.get());
}

}  // namespace polycloud::http
