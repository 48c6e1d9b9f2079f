// Limits and malformed responses over real sockets: each a clear protocol error.
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

namespace {
Error fetch_error(std::string raw, std::size_t max_body = 64u << 20) {
  asio::io_context io;
  ScriptServer server{io, [raw](auto const&, std::size_t) { return Reply{Step::send(raw), Step::close()}; }};
  auto options = loopback_options(server);
  options.max_body_bytes = max_body;
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/"), "list"), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(server.requests().size() == 1);  // protocol errors are not retried
  return response.error();
}
}  // namespace

TEST_CASE("limits: a body over max_body_bytes is a protocol error naming the limit") {
  auto const declared = fetch_error(raw_response(200, std::string(2048, 'x')), 1024);
  CHECK(declared.kind == ErrorKind::protocol);
  CHECK(declared.message.find("max_body_bytes (1024 bytes)") != std::string::npos);
  CHECK(declared.provider == "test");
  CHECK(declared.operation == "list");

  std::string const chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + std::string(2048, 'x') +
                              "\r\n0\r\n\r\n";
  auto const streamed = fetch_error(chunked, 1024);
  CHECK(streamed.kind == ErrorKind::protocol);
  CHECK(streamed.message.find("max_body_bytes (1024 bytes)") != std::string::npos);
}

TEST_CASE("limits: oversized response headers are a protocol error") {
  auto const error = fetch_error("HTTP/1.1 200 OK\r\nX-Big: " + std::string(100'000, 'h') + "\r\nContent-Length: 0\r\n\r\n");
  CHECK(error.kind == ErrorKind::protocol);
  CHECK(error.message.find("headers exceed") != std::string::npos);
}

TEST_CASE("a malformed status line is a protocol error") {
  auto const error = fetch_error("SMTP ready\r\n\r\n");
  CHECK(error.kind == ErrorKind::protocol);
}

TEST_CASE("JSON over the wire: wrong content type and invalid JSON are protocol errors") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(200, "<html>maintenance</html>", {}, "text/html")
                                          : respond(200, R"({"vms": [)");
                      }};
  auto client = make_client(io, loopback_options(server));
  for (auto const* cause : {"Content-Type is 'text/html'", "invalid JSON"}) {
    auto response = run(io, client->send(get(server.url("/")), {}));
    REQUIRE(response.has_value());
    auto const parsed = http::parse_json_body(*response, "alg", "list");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().kind == ErrorKind::protocol);
    CHECK(parsed.error().message.find(cause) != std::string::npos);
  }
}
