// Credentials never leak through the transport: no header injection from a value holding CR/LF/NUL,
// and no credential echoed back by the server reaches the trace, a Response header or an error.
#include "test_support.hpp"

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

TEST_CASE("injection: a credential value with CR - LF or NUL is a config error naming the header - not the value") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  for (std::string const& bad : {std::string{"\r\nX-Evil: 1"}, std::string{"\n"}, std::string{"\0", 1}}) {
    auto options = loopback_options(server);
    options.credential_headers = {{"Authorization", "Bearer sekrit-value" + bad}};
    auto client = http::Client::create(io.get_executor(), options);
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().kind == ErrorKind::config);
    CHECK(client.error().message.find("'Authorization'") != std::string::npos);
    CHECK(client.error().message.find("sekrit") == std::string::npos);
  }
}

// Issue 22, defect 12: VT, FF, DEL, ESC and TAB went raw into the Authorization header.
TEST_CASE("injection: a credential value with any other control character or an outer space is a config error") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  for (std::string const bad : {"\v", "\f", "\x7f", "\x1b[2J", "\t", " "}) {
    auto options = loopback_options(server);
    options.credential_headers = {{"Authorization", "Bearer sekrit-value" + bad}};
    auto client = http::Client::create(io.get_executor(), options);
    REQUIRE_FALSE(client.has_value());
    CHECK(client.error().kind == ErrorKind::config);
    CHECK(client.error().message.find("'Authorization' holds a control character") != std::string::npos);
    CHECK(client.error().message.find("sekrit") == std::string::npos);
  }
  auto options = loopback_options(server);
  options.credential_headers = {{"Authorization", "Bearer sekrit-value \xC3\xA9~"}};  // inner space, obs-text
  CHECK(http::Client::create(io.get_executor(), options).has_value());
}

TEST_CASE("injection: a request header with CR - LF or NUL is invalid_argument and nothing is sent") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto client = make_client(io, loopback_options(server));
  for (std::string const& bad : {std::string{"a\r\nX-Evil: 1"}, std::string{"a\rb"}, std::string{"a\0b", 3}}) {
    auto request = get(server.url("/"));
    request.headers.push_back({"X-Client-Tag", bad});
    auto response = run(io, client->send(request, {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::invalid_argument);
    CHECK(response.error().message.find("'X-Client-Tag'") != std::string::npos);
    CHECK(response.error().message.find("X-Evil") == std::string::npos);
  }
  auto request = get(server.url("/"));
  request.headers.push_back({"Bad Name", "v"});
  auto bad_name = run(io, client->send(request, {}));
  REQUIRE_FALSE(bad_name.has_value());
  CHECK(bad_name.error().kind == ErrorKind::invalid_argument);
  CHECK(server.requests().empty());
}

TEST_CASE("scrub: a credential echoed in any header value is REDACTED in the trace and the Response") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return respond(200, "{}", {{"X-Request-Id", "req-sekrit-token-123"}, {"X-Echo", "Bearer sekrit-token-123"}});
                      }};
  auto options = loopback_options(server);
  options.credential_headers = {{"Authorization", "Bearer sekrit-token-123"}};
  std::vector<std::string> trace;
  options.trace = [&](std::string_view line) { trace.emplace_back(line); };
  auto client = make_client(io, options);
  auto request = get(server.url("/"));
  request.headers.push_back({"X-On-Behalf-Of", "sekrit-token-123"});  // a sent header of another name
  auto response = run(io, client->send(request, {}));
  REQUIRE(response.has_value());
  CHECK(response->header("X-Request-Id") == "req-REDACTED");
  CHECK(response->header("X-Echo") == "REDACTED");
  REQUIRE(trace.size() == 1);
  CHECK(trace[0].find("X-On-Behalf-Of: REDACTED") != std::string::npos);
  CHECK(trace[0].find("sekrit") == std::string::npos);
}

TEST_CASE("scrub: only whole tokens - a one-letter token leaves the words around it alone") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}", {{"X-Note", "t, attempt t"}}); }};
  auto options = loopback_options(server);
  options.credential_headers = {{"X-Api-Key", "t"}};
  std::vector<std::string> trace;
  options.trace = [&](std::string_view line) { trace.emplace_back(line); };
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->header("X-Note") == "REDACTED, attempt REDACTED");
  REQUIRE(trace.size() == 1);
  CHECK(trace[0].find(" attempt 1: GET ") != std::string::npos);
}

// Found by the CLI credential scan: with ByCloud's `X-Api-Key: <key-id>:<secret>`, a server echoing
// only the secret part kept it in the Response headers, since only the whole value was scrubbed.
TEST_CASE("scrub: the secret part of a key-id colon secret credential is REDACTED when echoed alone") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return respond(200, "{}", {{"X-Request-Id", "req-sim-key-secret"}, {"X-Key-Id", "sim-key-id"}});
                      }};
  auto options = loopback_options(server);
  options.credential_headers = {{"X-Api-Key", "sim-key-id:sim-key-secret"}};
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->header("X-Request-Id") == "req-REDACTED");
  CHECK(response->header("X-Key-Id") == "sim-key-id");  // an identifier, not the secret
}

// Issue 22: the trace line (--verbose, the trace file) scrubbed only plain spellings, while the stderr
// line of the same error went through core/scrub.hpp: a Content-Type echoing the token %-encoded, or
// an api_key as `id%3Asecret`, showed in the trace. One scrubber now serves every output.
TEST_CASE("scrub: a Content-Type error echoing a credential percent-encoded is REDACTED in the trace too") {
  struct Case {
    char const* header;
    char const* credential;
    char const* echoed;
    char const* secret_part;  // what must never show
  };
  Case const cases[] = {
      {"Authorization", "Bearer sekrit-token-123", "sekrit%2Dtoken%2d123", "token"},
      {"X-Api-Key", "sim-key-id:sim-key-secret", "sim-key-id%3A%73im-key-secret", "im-key-secret"},
  };
  for (auto const& c : cases) {
    CAPTURE(c.echoed);
    asio::io_context io;
    std::string const content_type = std::string("text/html; echo=") + c.echoed;
    ScriptServer server{io, [&](auto const&, std::size_t) { return respond(200, "<p>hi</p>", {}, content_type); }};
    auto options = loopback_options(server);
    options.credential_headers = {{c.header, c.credential}};
    std::vector<std::string> trace;
    options.trace = [&](std::string_view line) { trace.emplace_back(line); };
    auto client = make_client(io, options);
    auto request = get(server.url("/"));
    request.check_content_type = true;
    auto response = run(io, client->send(request, {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::protocol);
    CHECK(response.error().message.find(c.secret_part) == std::string::npos);
    REQUIRE(trace.size() == 1);
    CHECK(trace[0].find("Content-Type") != std::string::npos);
    CHECK(trace[0].find(c.secret_part) == std::string::npos);
    CHECK(trace[0].find("REDACTED") != std::string::npos);
  }
}

// Issue 22: a VM password is a credential too. The adapter names it in Request::secrets; the dry run,
// the trace line and the error of that request never show it, however the server spells it back.
TEST_CASE("scrub: a request's own secrets are REDACTED from its dry run - trace line and errors") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return respond(200, "{}", {{"X-Echo", "pw=Hunter2%21Hunter2"}}, "text/plain; pw=Hunter2!Hunter2");
                      }};
  auto options = loopback_options(server);
  std::vector<std::string> trace;
  options.trace = [&](std::string_view line) { trace.emplace_back(line); };
  auto request = post(server.url("/v1/vms"), R"({"name":"web","password":"Hunter2!Hunter2"})");
  request.secrets = {"Hunter2!Hunter2"};
  request.check_content_type = true;

  auto sent = run(io, make_client(io, options)->send(request, {}));
  REQUIRE_FALSE(sent.has_value());
  CHECK(sent.error().message.find("Hunter2") == std::string::npos);
  REQUIRE(trace.size() == 1);
  CHECK(trace[0].find("Hunter2") == std::string::npos);

  std::vector<std::string> shown;
  options.dry_run = [&](std::string_view text) { shown.emplace_back(text); };
  auto dry = run(io, make_client(io, options)->send(request, {}));
  REQUIRE_FALSE(dry.has_value());
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].find("\"password\":\"REDACTED\"") != std::string::npos);
  CHECK(shown[0].find("Hunter2") == std::string::npos);
}
