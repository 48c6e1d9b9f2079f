// The transport through an HTTP CONNECT proxy (tests/http/connect_proxy.hpp), with the proxy
// variables injected through ClientOptions::environment (no setenv: it races with other threads).
#include "connect_proxy.hpp"
#include "test_support.hpp"
#include "tls_support.hpp"

#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <polycloud/registry.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

constexpr std::string_view token = "proxy-test-token-5f3a9c";

Reply ok(RecordedRequest const&, std::size_t) { return respond(200, "{}"); }

/// An https origin named "provider.test", a name only the proxy resolves (to the loopback server), with
/// a certificate for `certified_name` from a CA the client trusts through ca_file.
struct ProxiedHttps {
  explicit ProxiedHttps(std::string const& certified_name = "provider.test")
      : pki(sim::generate_certificates({certified_name}, {})), ca(pki.ca_pem), server(io, ok, server_context(pki)), proxy(io) {
    proxy.resolve("provider.test", "127.0.0.1");
    options = loopback_options(server);
    options.origin = boost::urls::url{url("/")};
    options.ca_file = ca.path.string();
    options.credential_headers = {{"Authorization", "Bearer " + std::string(token)}};
    options.environment = env_of({{"HTTPS_PROXY", proxy.url()}});
  }
  std::string url(std::string const& path) const { return server.url(path, "provider.test"); }

  asio::io_context io;
  sim::GeneratedCertificates pki;
  CaFile ca;
  ScriptServer server;
  ConnectProxy proxy;
  http::ClientOptions options;
};

}  // namespace

TEST_CASE("proxy: an https origin through HTTPS_PROXY - TLS to the origin's name and credentials only inside the tunnel") {
  ProxiedHttps setup;
  auto client = make_client(setup.io, setup.options);
  for (int i = 0; i < 2; ++i) {
    auto response = run(setup.io, client->send(get(setup.url("/v1/vms")), {}));
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
    CHECK(response->status == 200);
  }
  // The origin's name went to the proxy unresolved (the client cannot resolve provider.test), the TLS
  // certificate was verified for it, and the second request reused the tunnel.
  REQUIRE(setup.proxy.connects().size() == 1);
  auto const& connect = setup.proxy.connects()[0];
  CHECK(connect.method == "CONNECT");
  CHECK(connect.target == "provider.test:" + std::to_string(setup.server.port()));
  CHECK(connect.header("Host") == connect.target);
  CHECK(connect.header("Authorization").empty());
  CHECK(connect.header("Proxy-Authorization").empty());  // no userinfo in the proxy URL
  CHECK(setup.proxy.seen_outside_tunnels().find(token) == std::string::npos);
  REQUIRE(setup.server.requests().size() == 2);
  CHECK(setup.server.requests()[0].header("Authorization") == "Bearer " + std::string(token));
  CHECK(setup.server.requests()[0].target == "/v1/vms");  // origin-form: the proxy is invisible to the origin
}

TEST_CASE("proxy: through the tunnel the certificate must still name the origin - a mismatch is a tls error") {
  ProxiedHttps setup{"someone-else.test"};
  auto client = make_client(setup.io, setup.options);
  auto response = run(setup.io, client->send(get(setup.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::tls);
  INFO(response.error().message);
  CHECK(response.error().message.find("provider.test") != std::string::npos);
  CHECK(setup.server.requests().empty());
}

TEST_CASE("proxy: userinfo in the proxy URL becomes Proxy-Authorization Basic - sent to the proxy only") {
  ProxiedHttps setup;
  setup.options.environment = env_of({{"https_proxy", setup.proxy.url("alice:p%40ss-w0rd")}});
  auto client = make_client(setup.io, setup.options);
  auto response = run(setup.io, client->send(get(setup.url("/")), {}));
  REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
  REQUIRE(setup.proxy.connects().size() == 1);
  CHECK(setup.proxy.connects()[0].header("Proxy-Authorization") == "Basic YWxpY2U6cEBzcy13MHJk");  // alice:p@ss-w0rd
  CHECK(setup.proxy.connects()[0].header("Authorization").empty());
  REQUIRE(setup.server.requests().size() == 1);
  CHECK(setup.server.requests()[0].header("Proxy-Authorization").empty());
}

TEST_CASE("proxy: 407 is a config error naming the proxy and its status - no credential of either kind in it") {
  ProxiedHttps setup;
  setup.proxy.refuse_with(407, "Proxy Authentication Required p@ss-w0rd");
  setup.options.environment = env_of({{"HTTPS_PROXY", setup.proxy.url("alice:p%40ss-w0rd")}});
  auto client = make_client(setup.io, setup.options);
  auto response = run(setup.io, client->send(get(setup.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::config);
  auto const message = response.error().to_string();
  INFO(message);
  CHECK(message.find("the proxy " + setup.proxy.url() + " answered 407") != std::string::npos);
  CHECK(message.find("refused the credentials") != std::string::npos);
  CHECK(message.find("p@ss-w0rd") == std::string::npos);  // the proxy's echo of the password is scrubbed
  CHECK(message.find("alice") == std::string::npos);
  CHECK(message.find("YWxpY2U6") == std::string::npos);
  CHECK(message.find(token) == std::string::npos);
  CHECK(setup.proxy.connections_accepted() == 1);  // a refusal does not change on another attempt
  CHECK(setup.server.requests().empty());
}

TEST_CASE("proxy: 403 is a config error naming the status - a 502 is unavailable and retried") {
  ProxiedHttps setup;
  setup.proxy.refuse_with(403, "Forbidden");
  auto client = make_client(setup.io, setup.options);
  auto forbidden = run(setup.io, client->send(get(setup.url("/")), {}));
  REQUIRE_FALSE(forbidden.has_value());
  CHECK(forbidden.error().kind == ErrorKind::config);
  CHECK(forbidden.error().message.find("answered 403 Forbidden to CONNECT provider.test:") != std::string::npos);

  setup.proxy.refuse_with(502, "Bad Gateway");
  auto unreachable = run(setup.io, client->send(get(setup.url("/")), {}));
  REQUIRE_FALSE(unreachable.has_value());
  CHECK(unreachable.error().kind == ErrorKind::unavailable);
  // Three tries, none of which reached the origin: attempts counts what was sent (error.hpp).
  CHECK(unreachable.error().attempts == 0);
  CHECK(unreachable.error().message.find("nothing was sent (3 tries)") != std::string::npos);
  CHECK(setup.proxy.connections_accepted() == 4);
}

TEST_CASE("proxy: a proxy that stalls after CONNECT ends the call at its deadline with timeout") {
  ProxiedHttps setup;
  setup.proxy.stall();
  auto client = make_client(setup.io, setup.options);
  auto response = run(setup.io, client->send(get(setup.url("/")), CallOptions::within(milliseconds{200})));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::timeout);
  INFO(response.error().message);
  CHECK(response.error().message.find("CONNECT") != std::string::npos);
  CHECK(setup.server.requests().empty());
}

TEST_CASE("proxy: a proxy refusing connections is retried like a refused origin - even for a create") {
  asio::io_context io;
  RefusedOrigin refused{io, "test"};  // its port: a proxy that refuses every connection
  ScriptServer server{io, ok};
  auto options = loopback_options(server);
  options.environment = env_of({{"http_proxy", "http://127.0.0.1:" + std::to_string(refused.holder.local_endpoint().port())}});
  auto client = make_client(io, options);
  auto response = run(io, client->send(post(server.url("/v1/vms")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::unavailable);
  CHECK(response.error().attempts == 0);  // never sent: a create may be tried again
  CHECK(response.error().message.find("nothing was sent (3 tries)") != std::string::npos);
  CHECK(response.error().message.find("connecting to the proxy http://127.0.0.1:") != std::string::npos);
  CHECK(server.requests().empty());
}

TEST_CASE("proxy: plain http goes through CONNECT with http_proxy - HTTP_PROXY is ignored as curl does") {
  asio::io_context io;
  ScriptServer server{io, ok};
  ConnectProxy proxy{io};
  auto options = loopback_options(server);
  options.environment = env_of({{"HTTP_PROXY", "http://127.0.0.1:1"}, {"http_proxy", proxy.url()}});
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/v1/vms")), {}));
  REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
  REQUIRE(proxy.connects().size() == 1);
  CHECK(proxy.connects()[0].target == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(server.requests().size() == 1);
}

TEST_CASE("proxy: NO_PROXY reaches a listed host directly") {
  asio::io_context io;
  ScriptServer server{io, ok};
  ConnectProxy proxy{io};
  auto options = loopback_options(server);
  options.environment = env_of({{"ALL_PROXY", proxy.url()}, {"NO_PROXY", "example.com, 127.0.0.1:9"}});
  auto client = make_client(io, options);
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(proxy.connections_accepted() == 0);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("proxy: the provider's proxy setting overrides the environment - none turns it off") {
  ProxiedHttps setup;
  ConnectProxy configured{setup.io};
  configured.resolve("provider.test", "127.0.0.1");
  setup.options.proxy = configured.url();
  setup.options.environment = env_of({{"HTTPS_PROXY", setup.proxy.url()}, {"NO_PROXY", "provider.test"}});
  auto through = make_client(setup.io, setup.options);
  REQUIRE(run(setup.io, through->send(get(setup.url("/")), {})).has_value());
  CHECK(configured.connects().size() == 1);  // the setting wins over HTTPS_PROXY and NO_PROXY
  CHECK(setup.proxy.connections_accepted() == 0);

  asio::io_context io;
  ScriptServer server{io, ok};
  auto options = loopback_options(server);
  options.proxy = "none";
  options.environment = env_of({{"http_proxy", "http://127.0.0.1:1"}});
  auto direct = make_client(io, options);
  REQUIRE(run(io, direct->send(get(server.url("/")), {})).has_value());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("proxy: a malformed proxy variable is a config error naming the variable - never its value") {
  asio::io_context io;
  ScriptServer server{io, ok};
  auto options = loopback_options(server);
  options.environment = env_of({{"ALL_PROXY", "socks5://alice:hunter2-secret@proxy.corp:1080"}});
  auto client = http::Client::create(io.get_executor(), options);
  REQUIRE_FALSE(client.has_value());
  CHECK(client.error().kind == ErrorKind::config);
  INFO(client.error().message);
  CHECK(client.error().message.find("ALL_PROXY: proxy scheme 'socks5' is not supported") != std::string::npos);
  CHECK(client.error().message.find("hunter2") == std::string::npos);

  options.proxy = "http://proxy.corp:99999";
  auto configured = http::Client::create(io.get_executor(), options);
  REQUIRE_FALSE(configured.has_value());
  CHECK(configured.error().message.find("proxy: a proxy port must be 1 to 65535") != std::string::npos);
}

TEST_CASE("proxy: the caller's cancellation ends a call waiting on a stalled proxy with cancelled") {
  ProxiedHttps setup;
  setup.proxy.stall();
  auto client = make_client(setup.io, setup.options);
  asio::cancellation_signal cancel;
  std::optional<Result<http::Response>> outcome;
  asio::co_spawn(setup.io, client->send(get(setup.url("/")), {}),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr, Result<http::Response> result) {
                   outcome = std::move(result);
                 }));
  // Cancel once the proxy holds the CONNECT: the call is then inside the tunnel's setup.
  REQUIRE(run(setup.io, eventually([&] { return setup.proxy.connects().size() == 1; })));
  cancel.emit(asio::cancellation_type::terminal);
  REQUIRE(run(setup.io, eventually([&] { return outcome.has_value(); })));
  REQUIRE_FALSE(outcome->has_value());
  CHECK(outcome->error().kind == ErrorKind::cancelled);
}

TEST_CASE("proxy: an OpenScaler provider with the proxy key lists through it - the simulator verified as provider.test") {
  constexpr char const* sim_token = "openscaler-proxy-token";
  auto const pki = std::make_shared<sim::GeneratedCertificates const>(sim::generate_certificates({"provider.test"}, {}));
  sim::OpenScalerOptions api;
  api.instances = 3;
  api.token = sim_token;
  sim::ServerOptions tls;
  tls.certificates = pki;
  auto server = sim::Server::start(std::make_shared<sim::OpenScalerApi>(api), tls);
  asio::io_context io;
  ConnectProxy proxy{io};
  proxy.resolve("provider.test", "127.0.0.1");
  ProviderConfig config;
  config.name = "alg";
  config.type = "openscaler";
  config.endpoint = "https://provider.test:" + std::to_string(server->port());
  config.token = Secret(sim_token);
  config.ca_file = server->ca_file();
  config.settings = {{"project_id", "default"}};
  config.proxy = proxy.url();
  auto provider = make_provider(config, ProviderContext{io.get_executor(), {}});
  REQUIRE(provider.has_value());
  auto pager = (*provider)->list({});
  auto listed = run(io, collect(*pager));
  REQUIRE_MESSAGE(listed.has_value(), (listed ? "" : listed.error().to_string()));
  CHECK_FALSE(listed->empty());
  REQUIRE_FALSE(proxy.connects().empty());
  CHECK(proxy.connects()[0].target == "provider.test:" + std::to_string(server->port()));
  CHECK(proxy.seen_outside_tunnels().find(sim_token) == std::string::npos);
}
