#include "script_server.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <charconv>
#include <sstream>

namespace polycloud::test {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

tcp::socket& lowest(tcp::socket& socket) { return socket; }
tcp::socket& lowest(asio::ssl::stream<tcp::socket>& stream) { return stream.next_layer(); }

}  // namespace

struct ScriptServer::State {
  explicit State(asio::io_context& io) : acceptor(io, tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0}) {}
  tcp::acceptor acceptor;
  Script script;
  std::shared_ptr<asio::ssl::context> tls;
  std::size_t accepted = 0;
  std::size_t open = 0;
  std::size_t peak_open = 0;
  std::vector<RecordedRequest> requests;
};

namespace {

template <class Stream>
asio::awaitable<void> serve(std::shared_ptr<ScriptServer::State> state, Stream stream, std::size_t connection) {
  std::string buffer;
  for (;;) {
    auto [head_ec, head_size] = co_await asio::async_read_until(stream, asio::dynamic_buffer(buffer), "\r\n\r\n", use_tuple);
    if (head_ec) co_return;
    auto request = parse_request_head(std::string_view{buffer}.substr(0, head_size));
    buffer.erase(0, head_size);
    std::size_t body_size = 0;
    auto const length = request.header("Content-Length");
    std::from_chars(length.data(), length.data() + length.size(), body_size);
    if (buffer.size() < body_size) {
      auto [body_ec, ignored] = co_await asio::async_read(
          stream, asio::dynamic_buffer(buffer), asio::transfer_exactly(body_size - buffer.size()), use_tuple);
      if (body_ec) co_return;
    }
    request.body = buffer.substr(0, body_size);
    buffer.erase(0, body_size);
    request.connection = connection;
    state->requests.push_back(request);

    for (auto const& step : state->script(request, state->requests.size() - 1)) {
      switch (step.kind) {
        case Step::Kind::send: {
          auto [ec, written] = co_await asio::async_write(stream, asio::buffer(step.bytes), use_tuple);
          if (ec) co_return;
          break;
        }
        case Step::Kind::pause: {
          asio::steady_timer timer{co_await asio::this_coro::executor, step.delay};
          co_await timer.async_wait(use_tuple);
          break;
        }
        case Step::Kind::close: {
          boost::system::error_code ignored;
          lowest(stream).shutdown(tcp::socket::shutdown_send, ignored);
          // keep reading until the client closes, so the FIN is not turned into a RST
          char drain[256];
          for (;;) {
            auto [ec, n] = co_await lowest(stream).async_read_some(asio::buffer(drain), use_tuple);
            if (ec) co_return;
          }
        }
        case Step::Kind::reset: {
          boost::system::error_code ignored;
          lowest(stream).set_option(asio::socket_base::linger{true, 0}, ignored);
          lowest(stream).close(ignored);
          co_return;
        }
        case Step::Kind::stall: {
          char drain[256];
          for (;;) {
            auto [ec, n] = co_await lowest(stream).async_read_some(asio::buffer(drain), use_tuple);
            if (ec) co_return;
          }
        }
      }
    }
  }
}

asio::awaitable<void> session(std::shared_ptr<ScriptServer::State> state, tcp::socket socket) {
  std::size_t const connection = ++state->accepted;
  state->peak_open = std::max(state->peak_open, ++state->open);
  struct Closed {
    ScriptServer::State& state;
    ~Closed() { --state.open; }
  } closed{*state};
  if (!state->tls) {
    co_await serve(state, std::move(socket), connection);
    co_return;
  }
  asio::ssl::stream<tcp::socket> stream{std::move(socket), *state->tls};
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (ec) co_return;  // e.g. the client rejected the certificate
  co_await serve(state, std::move(stream), connection);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ScriptServer::State> state) {
  for (;;) {
    auto [ec, socket] = co_await state->acceptor.async_accept(use_tuple);
    if (ec) co_return;
    asio::co_spawn(state->acceptor.get_executor(), session(state, std::move(socket)), asio::detached);
  }
}

}  // namespace

RecordedRequest parse_request_head(std::string_view head) {
  RecordedRequest request;
  auto next_line = [&] {
    auto const end = head.find("\r\n");
    auto line = head.substr(0, end);
    head.remove_prefix(end == std::string_view::npos ? head.size() : end + 2);
    return line;
  };
  std::istringstream first{std::string{next_line()}};
  first >> request.method >> request.target;
  for (auto line = next_line(); !line.empty(); line = next_line()) {
    auto const colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.push_back({std::string{line.substr(0, colon)}, std::string{value}});
  }
  return request;
}

std::string raw_response(int status, std::string const& body, http::Headers const& headers,
                         std::string const& content_type) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  for (auto const& header : headers) out += header.name + ": " + header.value + "\r\n";
  if (!body.empty() && !content_type.empty()) out += "Content-Type: " + content_type + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

Reply respond(int status, std::string const& body, http::Headers const& headers, std::string const& content_type) {
  return {Step::send(raw_response(status, body, headers, content_type))};
}

ScriptServer::ScriptServer(asio::io_context& io, Script script, std::shared_ptr<asio::ssl::context> tls)
    : state_(std::make_shared<State>(io)) {
  state_->script = std::move(script);
  state_->tls = std::move(tls);
  asio::co_spawn(io, accept_loop(state_), asio::detached);
}

ScriptServer::~ScriptServer() {
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
}

std::uint16_t ScriptServer::port() const { return state_->acceptor.local_endpoint().port(); }

std::string ScriptServer::url(std::string const& path, std::string const& host) const {
  return std::string{state_->tls ? "https" : "http"} + "://" + host + ":" + std::to_string(port()) + path;
}

std::size_t ScriptServer::connections_accepted() const { return state_->accepted; }
std::size_t ScriptServer::peak_open_connections() const { return state_->peak_open; }
std::size_t ScriptServer::open_connections() const { return state_->open; }
std::vector<RecordedRequest> const& ScriptServer::requests() const { return state_->requests; }

}  // namespace polycloud::test
