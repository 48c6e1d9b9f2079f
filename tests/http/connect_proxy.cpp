#include "connect_proxy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <charconv>

namespace polycloud::test {
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

struct ConnectProxy::State {
  explicit State(asio::io_context& io) : acceptor(io, tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0}) {}
  tcp::acceptor acceptor;
  enum class Mode { tunnel, refuse, stall } mode = Mode::tunnel;
  std::string refusal;  ///< the status line and headers of a refusal
  std::map<std::string, std::string> names;
  std::size_t accepted = 0;
  std::vector<RecordedRequest> connects;
  std::string outside;
};

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// Copies bytes from `from` to `to` until either side ends, then shuts `to` for sending.
asio::awaitable<void> pump(tcp::socket& from, tcp::socket& to) {
  char bytes[16 * 1024];
  for (;;) {
    auto [read_ec, n] = co_await from.async_read_some(asio::buffer(bytes), use_tuple);
    if (read_ec) break;
    auto [write_ec, written] = co_await asio::async_write(to, asio::buffer(bytes, n), use_tuple);
    if (write_ec) break;
  }
  boost::system::error_code ignored;
  to.shutdown(tcp::socket::shutdown_send, ignored);
}

/// Reads until the peer goes away.
asio::awaitable<void> drain(tcp::socket& socket) {
  char bytes[256];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(bytes), use_tuple);
    if (ec) co_return;
  }
}

asio::awaitable<void> session(std::shared_ptr<ConnectProxy::State> state, tcp::socket client) {
  ++state->accepted;
  std::string buffer;
  auto [head_ec, head_size] = co_await asio::async_read_until(client, asio::dynamic_buffer(buffer, 64 * 1024),
                                                              "\r\n\r\n", use_tuple);
  if (head_ec) co_return;
  state->outside += buffer.substr(0, head_size);
  auto request = parse_request_head(std::string_view{buffer}.substr(0, head_size));
  buffer.erase(0, head_size);
  state->connects.push_back(request);

  if (state->mode == ConnectProxy::State::Mode::stall) co_return co_await drain(client);
  if (state->mode == ConnectProxy::State::Mode::refuse) {
    co_await asio::async_write(client, asio::buffer(state->refusal), use_tuple);
    co_return co_await drain(client);
  }
  // "host:port", "[::1]:port"
  auto const colon = request.target.rfind(':');
  std::string host = request.target.substr(0, colon);
  if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
  std::uint16_t port = 0;
  std::from_chars(request.target.data() + colon + 1, request.target.data() + request.target.size(), port);
  if (auto const mapped = state->names.find(host); mapped != state->names.end()) host = mapped->second;

  tcp::socket origin{client.get_executor()};
  boost::system::error_code connect_ec;
  auto const address = asio::ip::make_address(host, connect_ec);
  if (!connect_ec) std::tie(connect_ec) = co_await origin.async_connect(tcp::endpoint{address, port}, use_tuple);
  if (request.method != "CONNECT" || connect_ec) {
    std::string const bad_gateway = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
    co_await asio::async_write(client, asio::buffer(bad_gateway), use_tuple);
    co_return;
  }
  std::string const established = "HTTP/1.1 200 Connection established\r\n\r\n";
  auto [write_ec, written] = co_await asio::async_write(client, asio::buffer(established), use_tuple);
  if (write_ec) co_return;
  if (!buffer.empty()) co_await asio::async_write(origin, asio::buffer(buffer), use_tuple);
  co_await (pump(client, origin) && pump(origin, client));
}

asio::awaitable<void> accept_loop(std::shared_ptr<ConnectProxy::State> state) {
  for (;;) {
    auto [ec, socket] = co_await state->acceptor.async_accept(use_tuple);
    if (ec) co_return;
    asio::co_spawn(state->acceptor.get_executor(), session(state, std::move(socket)), asio::detached);
  }
}

}  // namespace

ConnectProxy::ConnectProxy(asio::io_context& io) : state_(std::make_shared<State>(io)) {
  asio::co_spawn(io, accept_loop(state_), asio::detached);
}

ConnectProxy::~ConnectProxy() {
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
}

void ConnectProxy::refuse_with(int status, std::string reason) {
  state_->mode = State::Mode::refuse;
  state_->refusal = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                    "\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n";
}

void ConnectProxy::stall() { state_->mode = State::Mode::stall; }

void ConnectProxy::resolve(std::string name, std::string address) { state_->names[std::move(name)] = std::move(address); }

std::uint16_t ConnectProxy::port() const { return state_->acceptor.local_endpoint().port(); }

std::string ConnectProxy::url(std::string const& userinfo) const {
  return "http://" + (userinfo.empty() ? "" : userinfo + "@") + "127.0.0.1:" + std::to_string(port());
}

std::size_t ConnectProxy::connections_accepted() const { return state_->accepted; }
std::vector<RecordedRequest> const& ConnectProxy::connects() const { return state_->connects; }
std::string const& ConnectProxy::seen_outside_tunnels() const { return state_->outside; }

}  // namespace polycloud::test
