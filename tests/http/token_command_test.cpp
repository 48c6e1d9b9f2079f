// token_command as the transport's credential source: the helper's token is sent, kept until shortly
// before it expires (an injected clock, no sleeps), fetched again then; a helper that fails, prints
// garbage or hangs ends the call with an error naming the provider and never showing its output.
#include "credential_test_support.hpp"
#include "http/token_output.hpp"
#include "test_support.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

using namespace polycloud;
using namespace polycloud::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

/// Answers every request 200 and records it; the token a request carried is its Authorization.
Reply ok_reply(RecordedRequest const&, std::size_t) { return respond(200, "{}"); }

http::ClientOptions with_command(ScriptServer const& server, TokenCommand command, ManualClock const& clock) {
  auto options = loopback_options(server);
  options.provider = "alg";
  options.credential_source = http::token_command_source("alg", std::move(command), clock.clock());
  options.wall_clock = clock.clock();
  return options;
}

std::string const helper_prints_counted_token =
    R"(printf '{"token": "%s", "expires_in": 60}' "cmd-token-$n-abcdef")";

}  // namespace

TEST_CASE("token_command: the token is used - kept while fresh - and fetched once more when it nears expiry") {
  asio::io_context io;
  ScriptServer server{io, ok_reply};
  HelperScript helper{helper_prints_counted_token};
  ManualClock clock;
  auto client = make_client(io, with_command(server, helper.command(), clock));

  REQUIRE(run(io, client->send(get(server.url("/vms")), {})).has_value());
  clock.advance(20s);  // 40 s left: still fresh (renewed 30 s before expiry)
  REQUIRE(run(io, client->send(get(server.url("/vms")), {})).has_value());
  CHECK(helper.runs() == 1);
  clock.advance(15s);  // 25 s left: renewed before the next request
  REQUIRE(run(io, client->send(get(server.url("/vms")), {})).has_value());

  CHECK(helper.runs() == 2);
  CHECK(client->credential_fetches() == 2);
  REQUIRE(server.requests().size() == 3);
  CHECK(server.requests()[0].header("Authorization") == "Bearer cmd-token-1-abcdef");
  CHECK(server.requests()[1].header("Authorization") == "Bearer cmd-token-1-abcdef");
  CHECK(server.requests()[2].header("Authorization") == "Bearer cmd-token-2-abcdef");
}

TEST_CASE("token_command: expires_at in RFC 3339 is honoured like expires_in") {
  asio::io_context io;
  ScriptServer server{io, ok_reply};
  // The manual clock starts at 2026-01-02T00:00:00Z; this token lives 100 s.
  HelperScript helper{R"(printf '{"token": "%s", "expires_at": "2026-01-02T01:01:40+01:00"}' "cmd-token-$n-abcdef")"};
  ManualClock clock;
  auto client = make_client(io, with_command(server, helper.command(), clock));
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  clock.advance(60s);
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(helper.runs() == 1);
  clock.advance(15s);  // 25 s left
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(helper.runs() == 2);
}

TEST_CASE("token_command: a failing helper is a config error naming the provider - never its output - and nothing is sent") {
  asio::io_context io;
  ScriptServer server{io, ok_reply};
  struct Case {
    std::string body;
    std::string says;
  };
  // A plain loop variable, not a structured binding: CAPTURE's lambda cannot name a binding in clang 14.
  for (auto const& row : {
           Case{R"(printf '{"token": "%s"}' "leaky-helper-token-1"; exit 3)", "exited with status 3"},
           Case{R"(printf 'leaky-helper-token-1 is not JSON')", "printed no JSON object on stdout"},
           Case{R"(printf '{"access": "%s"}' "leaky-helper-token-1")", "JSON without a \"token\" string"},
           Case{R"(printf '{"token": "%s", "expires_at": "soon"}' "leaky-helper-token-1")", "not an RFC 3339 time"},
           Case{R"(printf '{"token": "%s"}' "leaky helper token")", "a space, a control"},
           Case{R"(kill -9 $$)", "was killed by signal 9"},
       }) {
    auto const& says = row.says;
    CAPTURE(says);
    HelperScript helper{row.body};
    ManualClock clock;
    auto client = make_client(io, with_command(server, helper.command(), clock));
    auto response = run(io, client->send(get(server.url("/vms"), "list"), {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::config);
    CHECK(response.error().provider == "alg");
    CHECK(response.error().operation == "list");
    CHECK(response.error().message.find(says) != std::string::npos);
    CHECK(response.error().message.find(helper.program()) != std::string::npos);
    CHECK(response.error().message.find("leaky") == std::string::npos);
  }
  CHECK(server.requests().empty());

  ManualClock clock;
  auto missing = make_client(io, with_command(server, TokenCommand{.argv = {"/nonexistent/polycloud-helper"}}, clock));
  auto response = run(io, missing->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::config);
  CHECK(response.error().message.find("could not be started: No such file or directory") != std::string::npos);
}

TEST_CASE("token_command: a helper that hangs is stopped at its timeout with a timeout error") {
  asio::io_context io;
  ScriptServer server{io, ok_reply};
  HelperScript helper{"sleep 600"};
  ManualClock clock;
  auto client = make_client(io, with_command(server, helper.command(1s), clock));
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::timeout);
  CHECK(response.error().provider == "alg");
  CHECK(response.error().message.find("did not finish within its timeout_s (1 s)") != std::string::npos);
  CHECK(server.requests().empty());
}

TEST_CASE("token_command: concurrent requests share one run of the helper - and its failure") {
  using namespace asio::experimental::awaitable_operators;
  asio::io_context io;
  ScriptServer server{io, ok_reply};
  ManualClock clock;

  HelperScript good{helper_prints_counted_token};
  auto client = make_client(io, with_command(server, good.command(), clock));
  auto both = run(io, client->send(get(server.url("/a")), {}) && client->send(get(server.url("/b")), {}));
  CHECK(std::get<0>(both).has_value());
  CHECK(std::get<1>(both).has_value());
  CHECK(good.runs() == 1);
  CHECK(client->credential_fetches() == 1);

  HelperScript failing{"exit 1"};
  auto failing_client = make_client(io, with_command(server, failing.command(), clock));
  auto failed = run(io, failing_client->send(get(server.url("/a")), {}) && failing_client->send(get(server.url("/b")), {}));
  CHECK(std::get<0>(failed).error().kind == ErrorKind::config);
  CHECK(std::get<1>(failed).error().kind == ErrorKind::config);
  CHECK(failing.runs() == 1);
}

TEST_CASE("token_command output: RFC 3339 times with a zone or fractions - one expiry form at most") {
  using std::chrono::sys_days;
  auto const base = sys_days{std::chrono::year{2026} / 5 / 1} + 12h;
  CHECK(http::parse_rfc3339("2026-05-01T12:00:00Z") == base);
  CHECK(http::parse_rfc3339("2026-05-01T12:00:00.250z") == base);
  CHECK(http::parse_rfc3339("2026-05-01T14:30:00+02:30") == base);
  CHECK(http::parse_rfc3339("2026-05-01T10:00:00-02:00") == base);
  for (auto bad : {"2026-05-01T12:00:00", "2026-05-01 12:00:00Z", "2026-05-01T12:00:00+0200", "2026-05-01T12:00:00.Z",
                   "2026-13-01T12:00:00Z", "soon"}) {
    CAPTURE(bad);
    CHECK_FALSE(http::parse_rfc3339(bad).has_value());
  }
  auto const now = std::chrono::system_clock::time_point{base};
  auto const in = http::read_token_output(R"({"token": "helper-output-token", "expires_in": 90, "kind": "x"})", now);
  REQUIRE(in.has_value());
  CHECK(in->expires_at == now + 90s);
  CHECK(http::read_token_output(R"({"token": "helper-output-token"})", now)->expires_at == std::nullopt);
  CHECK(http::read_token_output(R"({"token": "helper-output-token", "expires_in": 0})", now).has_error());
  CHECK(http::read_token_output(R"({"token": "helper-output-token", "expires_in": 1, "expires_at": "2026-05-01T12:00:00Z"})", now)
            .has_error());
  CHECK(http::read_token_output(R"({"token": "short"})", now).has_error());
}

TEST_CASE("token_command: an answer refuses_token names (a 403) fetches a fresh token once - like a 401") {
  asio::io_context io;
  ScriptServer server{io, [](RecordedRequest const& request, std::size_t) {
                        bool const fresh = request.header("Authorization") == "Bearer cmd-token-2-abcdef";
                        return fresh ? respond(200, "{}") : respond(403, R"({"code": "invalid_api_token"})");
                      }};
  HelperScript helper{helper_prints_counted_token};
  ManualClock clock;
  auto options = with_command(server, helper.command(), clock);
  options.refuses_token = [](http::Response const& response) { return response.status == 403; };
  auto client = make_client(io, options);
  auto response = run(io, client->send(post(server.url("/vms")), {}));  // even a create: it was refused
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->attempts == 2);
  CHECK(helper.runs() == 2);

  auto plain = make_client(io, with_command(server, helper.command(), clock));  // a 403 is no refusal by default
  auto refused = run(io, plain->send(get(server.url("/vms")), {}));
  REQUIRE(refused.has_value());
  CHECK(refused->status == 403);
  CHECK(refused->attempts == 1);
}
