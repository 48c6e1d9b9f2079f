#include "http/proxy_tunnel.hpp"

#include "http/io_error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#ifndef POLYCLOUD_VERSION
#define POLYCLOUD_VERSION "unknown"
#endif

namespace polycloud::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
/// A proxy's answer to CONNECT is a status line and a few headers; anything longer is not one.
constexpr std::size_t max_answer_header_bytes = 16u << 10;

/// The proxy's reason phrase as it may be printed: printable ASCII, at most 64 characters.
std::string shown_reason(std::string_view reason) {
  std::string shown;
  for (char const c : reason.substr(0, 64)) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  return shown;
}

Error refused(Proxy const& proxy, Origin const& origin, int status, std::string_view reason) {
  std::string answer = std::to_string(status);
  if (!reason.empty()) answer += " " + shown_reason(reason);
  std::string const what = "the proxy " + proxy.to_string() + " answered " + answer + " to CONNECT " + origin.authority();
  if (status >= 500) return make_error(ErrorKind::unavailable, what + " (it could not reach the origin)");
  if (status == 407) {
    return make_error(ErrorKind::config, what + (proxy.authorization.empty()
                                                     ? ": it needs credentials (http://user:password@host:port)"
                                                     : ": it refused the credentials in the proxy URL"));
  }
  return make_error(ErrorKind::config, what);
}

}  // namespace

asio::awaitable<Result<void>> open_tunnel(beast::tcp_stream& stream, Proxy const& proxy, Origin const& origin) {
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  auto failed = [&](boost::system::error_code const& ec, std::string const& during) {
    return io_error(ec, {.during = during,
                         .caller_cancelled = cancellation.cancelled() != asio::cancellation_type::none,
                         .max_header_bytes = max_answer_header_bytes});
  };
  std::string request = "CONNECT " + origin.authority() + " HTTP/1.1\r\nHost: " + origin.authority() +
                        "\r\nUser-Agent: polycloud/" POLYCLOUD_VERSION "\r\n";
  if (!proxy.authorization.empty()) request += "Proxy-Authorization: " + proxy.authorization + "\r\n";
  request += "\r\n";
  auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(request), use_tuple);
  if (write_ec) co_return failed(write_ec, "sending CONNECT to the proxy " + proxy.to_string());

  beast::flat_buffer buffer{max_answer_header_bytes};
  beast_http::response_parser<beast_http::empty_body> parser;
  parser.skip(true);  // a 2xx to CONNECT has no body: the tunnel starts right after its headers
  parser.header_limit(max_answer_header_bytes);
  auto [read_ec, read] = co_await beast_http::async_read_header(stream, buffer, parser, use_tuple);
  if (read_ec) co_return failed(read_ec, "reading the answer of the proxy " + proxy.to_string() + " to CONNECT");
  auto const& answer = parser.get();
  if (answer.result_int() < 200 || answer.result_int() > 299) {
    co_return refused(proxy, origin, answer.result_int(), answer.reason());
  }
  // The origin speaks only after our first bytes (TLS ClientHello or the request): anything already
  // here came from the proxy itself and would be taken for the origin's answer.
  if (buffer.size() != 0) {
    co_return make_error(ErrorKind::protocol,
                         "the proxy " + proxy.to_string() + " sent bytes after its answer to CONNECT " + origin.authority());
  }
  co_return Result<void>{};
}

}  // namespace polycloud::http
