// Request::check_content_type: a 2xx body must be what the request's Accept asked for, checked by the
// transport before any byte reaches a chunk handler (the streamed list path) or a caller (get, create,
// actions). The check every adapter relies on (providers::request_for turns it on).
#include "http/media_type.hpp"
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

namespace {

http::Request checked_get(std::string const& url) {
  auto request = get(url, "list");
  request.check_content_type = true;
  return request;
}

}  // namespace

TEST_CASE("content type: JSON with parameters or a +json type matches an application/json Accept") {
  CHECK(http::content_type_mismatch("application/json", "application/json").empty());
  CHECK(http::content_type_mismatch("application/json", "Application/JSON; charset=utf-8").empty());
  CHECK(http::content_type_mismatch("application/json", "application/problem+json").empty());
  CHECK(http::content_type_mismatch("text/event-stream", "text/event-stream; charset=utf-8").empty());
  CHECK(http::content_type_mismatch("application/json, */*", "text/plain").empty());
  CHECK(http::content_type_mismatch("text/*", "text/event-stream").empty());
  CHECK(http::content_type_mismatch("application/json", "text/html") ==
        "Content-Type is 'text/html', expected application/json");
  CHECK(http::content_type_mismatch("application/json", "application/jsonp").find("expected") != std::string::npos);
  CHECK(http::content_type_mismatch("text/event-stream", "application/json") ==
        "Content-Type is 'application/json', expected text/event-stream");
  CHECK(http::content_type_mismatch("application/json", "") == "the answer has no Content-Type, expected application/json");
}

TEST_CASE("content type: a streamed 2xx body under text/html never reaches the chunk handler") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, R"({"vms": []})", {}, "text/html"); }};
  auto client = make_client(io, loopback_options(server));
  bool handled = false;
  auto on_chunk = [&](std::string_view) -> asio::awaitable<Result<void>> {
    handled = true;
    co_return Result<void>{};
  };
  auto response = run(io, client->stream_paced(checked_get(server.url("/")), on_chunk, {}));
  REQUIRE_FALSE(response.has_value());
  CHECK_FALSE(handled);
  CHECK(response.error().kind == ErrorKind::protocol);
  CHECK(response.error().provider == "test");
  CHECK(response.error().operation == "list");
  CHECK(response.error().http_status == 200);
  CHECK(response.error().attempts == 1);
  CHECK(response.error().message.find("Content-Type is 'text/html', expected application/json") != std::string::npos);
  CHECK(server.requests().size() == 1);  // a protocol error is not retried
}

TEST_CASE("content type: a collected 2xx body with no Content-Type is a protocol error") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, R"({"id": 1})", {}, ""); }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(checked_get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::protocol);
  CHECK(response.error().message.find("no Content-Type") != std::string::npos);
}

TEST_CASE("content type: an empty 2xx answer needs none and an event stream is what its Accept names") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        if (index == 0) return respond(200, "", {}, "");  // e.g. a power action's empty answer
                        return respond(200, "event: 200\ndata: {}\n\n", {}, "text/event-stream");
                      }};
  auto client = make_client(io, loopback_options(server));
  auto empty = run(io, client->send(checked_get(server.url("/")), {}));
  CHECK(empty.has_value());
  auto request = checked_get(server.url("/"));
  request.headers.push_back({"Accept", "text/event-stream"});
  auto events = run(io, client->stream(std::move(request), [](std::string_view) { return Result<void>{}; }, {}));
  CHECK(events.has_value());
}

TEST_CASE("content type: unchecked requests still get any body (the transport's own callers decide)") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "<html></html>", {}, "text/html"); }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->body == "<html></html>");
}

TEST_CASE("a 2xx body cut mid-way is a transport error that keeps the answer's status") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return Reply{Step::send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                "Content-Length: 100\r\n\r\n{\"vms\": ["),
                                     Step::reset()};
                      }};
  auto client = make_client(io, loopback_options(server));
  auto on_chunk = [](std::string_view) -> asio::awaitable<Result<void>> { co_return Result<void>{}; };
  auto response = run(io, client->stream_paced(checked_get(server.url("/")), on_chunk, {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::transport);
  CHECK(response.error().http_status == 200);  // what a pager reads as "this page was cut"
}
