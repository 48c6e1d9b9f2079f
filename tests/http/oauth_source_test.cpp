// OAuth 2 client credentials as the transport's credential source, against a scripted token endpoint
// beside a scripted API on one loopback server: the token is fetched, cached, fetched once more after
// a 401 (and the request sent once more), a 401 after that is the answer; concurrent requests share
// one fetch; a refusal by the token endpoint names its error code, never the secret.
#include "credential_test_support.hpp"
#include "test_support.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

using namespace polycloud;
using namespace polycloud::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

/// A token endpoint at /token issuing oauth-token-1-abcdef, oauth-token-2-abcdef…, and an API elsewhere
/// that accepts only `accepted` (empty: the latest token issued).
struct FakeOAuth {
  int issued = 0;
  std::string accepted;
  int token_status = 200;
  std::string token_body;  ///< when set, the token endpoint's answer instead of a fresh token

  Reply operator()(RecordedRequest const& request, std::size_t) {
    if (request.target == "/token") {
      if (!token_body.empty()) return respond(token_status, token_body);
      ++issued;
      return respond(200, R"({"access_token": ")" + latest() + R"(", "token_type": "bearer", "expires_in": 3600})");
    }
    std::string const wanted = accepted.empty() ? latest() : accepted;
    if (request.header("Authorization") != "Bearer " + wanted) {
      return respond(401, R"({"message": "token )" + std::string(request.header("Authorization")) + R"( is not valid"})",
                     {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}});
    }
    return respond(200, "{}");
  }
  std::string latest() const { return "oauth-token-" + std::to_string(issued) + "-abcdef"; }
};

struct OAuthClientFixture {
  asio::io_context io;
  FakeOAuth fake;
  ScriptServer server{io, [this](RecordedRequest const& request, std::size_t index) { return fake(request, index); }};
  ManualClock clock;
  std::vector<std::string> trace;
  std::unique_ptr<http::Client> client;

  OAuthClientFixture() {
    auto options = loopback_options(server);
    options.provider = "alg";
    options.trace = [this](std::string_view line) { trace.emplace_back(line); };
    OAuthClient oauth{.token_url = server.url("/token"),
                      .client_id = "polycloud client",
                      .client_secret = Secret("oauth-client-secret-1"),
                      .scope = "vms:read vms:write"};
    auto source = http::oauth_source(io.get_executor(), oauth, options, clock.clock());
    REQUIRE(source.has_value());
    options.credential_source = *source;
    options.wall_clock = clock.clock();
    client = make_client(io, options);
  }

  Result<http::Response> send(std::string const& path = "/vms") { return run(io, client->send(get(server.url(path)), {})); }

  std::vector<RecordedRequest> requests_to(std::string const& target) const {
    std::vector<RecordedRequest> found;
    for (auto const& request : server.requests())
      if (request.target == target) found.push_back(request);
    return found;
  }
};

}  // namespace

TEST_CASE("oauth: the token is fetched with client_credentials and HTTP Basic - then cached") {
  OAuthClientFixture f;
  REQUIRE(f.send()->status == 200);
  f.clock.advance(3000s);  // 600 s left of 3600
  REQUIRE(f.send()->status == 200);

  auto const grants = f.requests_to("/token");
  REQUIRE(grants.size() == 1);
  CHECK(grants[0].method == "POST");
  CHECK(grants[0].header("Content-Type") == "application/x-www-form-urlencoded");
  CHECK(grants[0].body == "grant_type=client_credentials&scope=vms%3Aread%20vms%3Awrite");
  // RFC 6749 2.3.1: "polycloud%20client:oauth-client-secret-1" in Base64.
  CHECK(grants[0].header("Authorization") == "Basic cG9seWNsb3VkJTIwY2xpZW50Om9hdXRoLWNsaWVudC1zZWNyZXQtMQ==");
  CHECK(f.client->credential_fetches() == 1);
  for (auto const& api : f.requests_to("/vms")) CHECK(api.header("Authorization") == "Bearer oauth-token-1-abcdef");

  f.clock.advance(590s);  // 10 s left: renewed first
  REQUIRE(f.send()->status == 200);
  CHECK(f.requests_to("/token").size() == 2);
  CHECK(f.requests_to("/vms").back().header("Authorization") == "Bearer oauth-token-2-abcdef");
}

TEST_CASE("oauth: a 401 fetches one fresh token and sends the request once more") {
  OAuthClientFixture f;
  REQUIRE(f.send()->status == 200);
  f.fake.accepted = "oauth-token-2-abcdef";  // the server revoked token 1 early
  auto response = f.send();
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->attempts == 2);
  CHECK(f.client->credential_fetches() == 2);
  CHECK(f.requests_to("/vms").size() == 3);
}

TEST_CASE("oauth: a 401 after the refresh is the answer - no loop - and the token never shows") {
  OAuthClientFixture f;
  f.fake.accepted = "oauth-token-never-issued";
  auto response = f.send();
  REQUIRE(response.has_value());
  CHECK(response->status == 401);
  CHECK(response->attempts == 2);
  CHECK(response->retry_note == "a freshly fetched token was refused too");
  CHECK(f.client->credential_fetches() == 2);
  CHECK(f.requests_to("/vms").size() == 2);
  // The error body echoed the token: scrubbed before the adapter could quote it.
  CHECK(response->body.find("oauth-token-2") == std::string::npos);
  CHECK(response->body.find("REDACTED") != std::string::npos);
  for (auto const& line : f.trace) {
    CHECK(line.find("oauth-token-") == std::string::npos);
    CHECK(line.find("oauth-client-secret-1") == std::string::npos);
  }
  CHECK(f.trace.size() == 4);  // two grants, two API attempts
}

TEST_CASE("oauth: two concurrent requests share one token fetch") {
  using namespace asio::experimental::awaitable_operators;
  OAuthClientFixture f;
  auto both = run(f.io, f.client->send(get(f.server.url("/a")), {}) && f.client->send(get(f.server.url("/b")), {}));
  CHECK(std::get<0>(both)->status == 200);
  CHECK(std::get<1>(both)->status == 200);
  CHECK(f.requests_to("/token").size() == 1);
  CHECK(f.client->credential_fetches() == 1);
}

TEST_CASE("oauth: a refusal by the token endpoint is unauthenticated naming its error code - never the secret") {
  OAuthClientFixture f;
  f.fake.token_status = 401;
  f.fake.token_body = R"({"error": "invalid_client", "error_description": "oauth-client-secret-1 is wrong"})";
  auto response = f.send();
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::unauthenticated);
  CHECK(response.error().provider == "alg");
  CHECK(response.error().message.find("(invalid_client)") != std::string::npos);
  CHECK(response.error().message.find("oauth-client-secret-1") == std::string::npos);
  CHECK(f.requests_to("/vms").empty());

  f.fake.token_status = 200;
  f.fake.token_body = R"({"access_token": "oauth-token-mac-abcdef", "token_type": "mac"})";
  auto wrong_type = f.send();
  REQUIRE_FALSE(wrong_type.has_value());
  CHECK(wrong_type.error().kind == ErrorKind::protocol);
  CHECK(wrong_type.error().message.find("token_type is not Bearer") != std::string::npos);
}
