// The power-action retry class (Request::resend_if_unprocessed): re-sent only after an answer that
// says the server refused it unprocessed, never once the server may have acted on it. Over real
// sockets with the recording sleeper (no real waits).
#include "http/retry.hpp"
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

http::Request power_action(std::string const& url) {
  auto request = post(url, R"({"type":"reboot"})", "reboot");
  request.resend_if_unprocessed = true;
  return request;
}

/// The reply to the first request is `first`; every later one is a 200.
Script first_then_ok(Reply first) {
  return [first = std::move(first)](auto const&, std::size_t index) { return index == 0 ? first : respond(200, "{}"); };
}

/// What one request did against a server running `script`: its result, the requests the server saw,
/// and the waits the client asked the (recording) sleeper for.
struct Sent {
  Result<http::Response> response;
  std::size_t requests = 0;
  std::vector<milliseconds> delays;
};

Sent send_to(Script script, http::Request (*make)(std::string const& url) = power_action) {
  asio::io_context io;
  ScriptServer server{io, std::move(script)};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto response = run(io, client->send(make(server.url("/v1/vms/8/actions")), {}));
  return {std::move(response), server.requests().size(), sleeper_of(options).delays};
}

http::Request create(std::string const& url) { return post(url); }

}  // namespace

TEST_CASE("resend if unprocessed: only 429 and 503 with Retry-After say the server did not act") {
  CHECK(http::says_unprocessed(429, false));
  CHECK(http::says_unprocessed(429, true));
  CHECK(http::says_unprocessed(503, true));
  CHECK_FALSE(http::says_unprocessed(503, false));  // a gateway may have lost its backend mid-request
  for (int status : {408, 500, 502, 504}) {
    CAPTURE(status);
    CHECK_FALSE(http::says_unprocessed(status, false));
    CHECK_FALSE(http::says_unprocessed(status, true));
  }
}

TEST_CASE("resend if unprocessed: a power action refused with 429 or 503 and Retry-After is sent again") {
  struct Case {
    char const* label;
    Reply first;
    milliseconds least_wait;
  };
  for (auto const& row : std::vector<Case>{{"429", respond(429, R"({"error":"slow down"})"), milliseconds{0}},
                                           {"429 Retry-After 1", respond(429, "{}", {{"Retry-After", "1"}}), milliseconds{1000}},
                                           {"503 Retry-After 2", respond(503, "{}", {{"Retry-After", "2"}}), milliseconds{2000}}}) {
    CAPTURE(row.label);
    auto const sent = send_to(first_then_ok(row.first));
    REQUIRE(sent.response.has_value());
    CHECK(sent.response->status == 200);
    CHECK(sent.response->attempts == 2);
    CHECK(sent.requests == 2);
    REQUIRE_FALSE(sent.delays.empty());
    CHECK(sent.delays.back() >= row.least_wait);
  }
}

TEST_CASE("resend if unprocessed: never sent again after an answer the server may have acted on") {
  for (int status : {500, 502, 503, 504}) {
    CAPTURE(status);
    auto const sent = send_to(first_then_ok(respond(status, R"({"error":"oops"})")));
    REQUIRE(sent.response.has_value());
    CHECK(sent.response->status == status);
    CHECK(sent.response->attempts == 1);
    CHECK(sent.response->retry_note == "not sent again: the server may have acted on it");
    CHECK(sent.requests == 1);
    CHECK(sent.delays.empty());
  }
}

TEST_CASE("resend if unprocessed: a reset after the request was sent is not sent again") {
  auto const sent = send_to(first_then_ok(Reply{Step::reset()}));
  REQUIRE_FALSE(sent.response.has_value());
  CHECK(sent.response.error().kind == ErrorKind::transport);
  CHECK(sent.response.error().attempts == 1);
  INFO(sent.response.error().message);
  CHECK(sent.response.error().message.find("(not sent again: the server may have acted on it)") != std::string::npos);
  CHECK(sent.requests == 1);
}

TEST_CASE("resend if unprocessed: a refused connection never sent it - so it is retried") {
  asio::io_context io;
  RefusedOrigin refused{io, "alg"};
  auto& options = refused.options;
  auto client = make_client(io, options);
  auto response = run(io, client->send(power_action(std::string(options.origin.buffer()) + "/v1/vms/8/actions"), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::unavailable);
  CHECK(response.error().attempts == 0);  // three tries, none sent
  CHECK(sleeper_of(options).delays.size() == 2);
}

TEST_CASE("resend if unprocessed: a 429 every time stops at the policy's attempts") {
  auto const sent = send_to([](auto const&, std::size_t) { return respond(429, "{}", {{"Retry-After", "0"}}); });
  REQUIRE(sent.response.has_value());
  CHECK(sent.response->status == 429);
  CHECK(sent.response->attempts == 3);
  CHECK(sent.response->retry_note == "retry policy exhausted");
  CHECK(sent.requests == 3);
}

TEST_CASE("resend if unprocessed: a create without it is still never sent again after a 429") {
  auto const sent = send_to(first_then_ok(respond(429, "{}", {{"Retry-After", "0"}})), create);
  REQUIRE(sent.response.has_value());
  CHECK(sent.response->status == 429);
  CHECK(sent.response->retry_note == "non-idempotent request not retried");
  CHECK(sent.requests == 1);
}
