// Retry behaviour over real sockets; delays are checked through the recording sleeper, never slept.
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

TEST_CASE("retry: 429 with Retry-After: 1 then 200 is exactly two requests and a wait of at least 1 s") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(429, R"({"error":"slow down"})", {{"Retry-After", "1"}})
                                          : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/v1/vms")), {}));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->attempts == 2);
  CHECK(server.requests().size() == 2);
  auto const& delays = sleeper_of(options).delays;
  REQUIRE(delays.size() == 1);
  CHECK(delays[0] >= milliseconds{1000});
}

TEST_CASE("retry: Retry-After as an HTTP-date is honoured and clamped to max_retry_after") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(503, "", {{"Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"}})
                                          : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  options.retry.max_retry_after = milliseconds{5000};
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  REQUIRE(sleeper_of(options).delays.size() == 1);
  CHECK(sleeper_of(options).delays[0] == milliseconds{5000});
}

TEST_CASE("retry: 503 three times gives up after 3 attempts - saying why") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(503, R"({"error":"down"})"); }};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());  // an HTTP status is a Response: the adapter maps the body to an Error
  CHECK(response->status == 503);
  CHECK(response->attempts == 3);
  CHECK(response->retry_note == "retry policy exhausted");  // the count is `attempts`
  CHECK(server.requests().size() == 3);
  auto const& delays = sleeper_of(options).delays;
  REQUIRE(delays.size() == 2);
  CHECK(delays[0] <= milliseconds{200});  // full jitter: uniform(0, 200 ms) then uniform(0, 400 ms)
  CHECK(delays[1] <= milliseconds{400});
}

TEST_CASE("retry: connection refused three times is an error naming the cause and the tries - attempts 0") {
  asio::io_context io;
  RefusedOrigin refused{io, "alg"};
  auto& options = refused.options;
  auto client = make_client(io, options);
  // A POST too: a refused connect provably never sent anything, so even a create may retry it.
  auto response = run(io, client->send(post(options.origin.buffer()), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::unavailable);
  CHECK(response.error().attempts == 0);  // Error::attempts is 0 when nothing was sent; the tries are said
  CHECK(response.error().provider == "alg");
  CHECK(response.error().operation == "create");
  INFO(response.error().message);
  CHECK(response.error().message.find("connection refused") != std::string::npos);
  CHECK(response.error().message.find("(retry policy exhausted)") != std::string::npos);
  // The count is said once: "(3 attempts: retry policy exhausted) (3 attempts)" repeated itself.
  auto const line = response.error().to_string();
  CHECK(line.find("tries") == line.rfind("tries"));
  CHECK(line.find("nothing was sent (3 tries)") != std::string::npos);
}

TEST_CASE("retry: a POST whose connection is reset mid-response is NOT sent again") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return Reply{Step::send("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":"),
                                     Step::reset()};
                      }};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto response = run(io, client->send(post(server.url("/v1/vms")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(server.requests().size() == 1);
  CHECK(response.error().attempts == 1);
  INFO(response.error().message);
  CHECK(response.error().message.find("non-idempotent request not retried") != std::string::npos);
  CHECK(sleeper_of(options).delays.empty());
}

TEST_CASE("retry: the same reset on a GET is retried") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        if (index == 0) {
                          return Reply{Step::send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"), Step::reset()};
                        }
                        return respond(200, "{}");
                      }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->attempts == 2);
  CHECK(server.requests().size() == 2);
}

TEST_CASE("retry: a POST gets 503 once - retried only when declared idempotent") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index <= 1 ? respond(503) : respond(200, "{}");
                      }};
  auto client = make_client(io, loopback_options(server));

  auto plain = run(io, client->send(post(server.url("/start")), {}));
  REQUIRE(plain.has_value());
  CHECK(plain->status == 503);
  CHECK(plain->retry_note == "non-idempotent request not retried");
  CHECK(server.requests().size() == 1);

  auto declared = post(server.url("/start"));
  declared.idempotent = true;
  auto retried = run(io, client->send(declared, {}));
  REQUIRE(retried.has_value());
  CHECK(retried->status == 200);
  CHECK(retried->attempts == 2);
}

TEST_CASE("retry: the client-wide budget stops retries during an outage") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(503); }};
  auto options = loopback_options(server);
  options.retry.budget_tokens = 10;  // two retries' worth
  auto client = make_client(io, options);
  auto first = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(first.has_value());
  CHECK(first->attempts == 3);
  auto second = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(second.has_value());
  CHECK(second->attempts == 1);
  CHECK(second->retry_note == "client retry budget exhausted");
}

TEST_CASE("retry: a deadline too close for the Retry-After wait stops retrying") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(429, "", {{"Retry-After", "30"}}); }};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), CallOptions::within(std::chrono::seconds{5})));
  REQUIRE(response.has_value());
  CHECK(response->status == 429);
  CHECK(response->attempts == 1);
  CHECK(response->retry_note.find("deadline") != std::string::npos);
  CHECK(sleeper_of(options).delays.empty());
}

TEST_CASE("retry: Retry-After is parsed once and carried on the Response - seconds and HTTP-date") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(429, "", {{"Retry-After", " 7 "}})
                                          : respond(503, "", {{"Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"}});
                      }};
  auto client = make_client(io, loopback_options(server));
  // A create is not retried, so each response comes back with the server's advice on it.
  auto seconds = run(io, client->send(post(server.url("/")), {}));
  REQUIRE(seconds.has_value());
  CHECK(seconds->retry_after == std::chrono::seconds{7});
  auto date = run(io, client->send(post(server.url("/")), {}));
  REQUIRE(date.has_value());
  CHECK(date->retry_after == std::chrono::seconds{24 * 60 * 60});  // clamped to a day
}

TEST_CASE("retry: a response without a valid Retry-After carries none") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(429, "", {{"Retry-After", "soon"}}); }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(post(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK_FALSE(response->retry_after.has_value());
}
