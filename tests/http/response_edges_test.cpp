// Responses at the edges of HTTP/1.1: interim 1xx responses and bodies cut short.
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

TEST_CASE("interim: a 100 Continue before the response is skipped - not a protocol error") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        std::string const interim = index == 0 ? "HTTP/1.1 100 Continue\r\n\r\n"
                                                               : "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n";
                        return Reply{Step::send(interim), Step::pause(std::chrono::milliseconds{5}),
                                     Step::send(raw_response(200, R"({"n":)" + std::to_string(index) + "}"))};
                      }};
  auto client = make_client(io, loopback_options(server));
  for (int i = 0; i < 2; ++i) {
    auto response = run(io, client->send(post(server.url("/")), {}));
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
    CHECK(response->status == 200);
    CHECK(response->body == R"({"n":)" + std::to_string(i) + "}");
  }
  CHECK(server.connections_accepted() == 1);  // the connection stayed in step for keep-alive
}

TEST_CASE("truncated: a body cut short is a transport error - a GET is retried - a POST is not") {
  asio::io_context io;
  std::string const cut = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":";
  ScriptServer server{io, [cut](auto const&, std::size_t) { return Reply{Step::send(cut), Step::close()}; }};
  auto client = make_client(io, loopback_options(server));

  auto get_response = run(io, client->send(get(server.url("/"), "list"), {}));
  REQUIRE_FALSE(get_response.has_value());
  CHECK(get_response.error().kind == ErrorKind::transport);
  CHECK(get_response.error().message.find("truncated") != std::string::npos);
  CHECK(server.requests().size() == 3);

  auto post_response = run(io, client->send(post(server.url("/")), {}));
  REQUIRE_FALSE(post_response.has_value());
  CHECK(post_response.error().kind == ErrorKind::transport);
  CHECK(post_response.error().message.find("non-idempotent request not retried") != std::string::npos);
  CHECK(server.requests().size() == 4);
}
