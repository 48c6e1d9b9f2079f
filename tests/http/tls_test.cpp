// TLS over loopback with certificates generated at test time (sim/certificates.hpp).
#include "test_support.hpp"
#include "tls_support.hpp"

#include "http/tls.hpp"

#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <fstream>

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

namespace {

Reply ok(RecordedRequest const&, std::size_t) { return respond(200, R"({"tls":true})"); }

}  // namespace

TEST_CASE("TLS: trusted through ca_file - for the IP and the DNS name in the certificate - with keep-alive") {
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  CaFile const ca{pki.ca_pem};
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};
  auto options = loopback_options(server);
  options.ca_file = ca.path.string();
  options.credential_headers = {{"Authorization", "Bearer t"}};
  auto client = make_client(io, options);
  for (int i = 0; i < 3; ++i) {
    auto response = run(io, client->send(get(server.url("/v1/vms")), {}));
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
    CHECK(response->body == R"({"tls":true})");
  }
  CHECK(server.connections_accepted() == 1);
  CHECK(server.requests()[0].header("Authorization") == "Bearer t");

  auto by_name = run(io, client->send(get(server.url("/", "localhost")), {}));
  REQUIRE_MESSAGE(by_name.has_value(), (by_name ? "" : by_name.error().to_string()));
  CHECK(server.requests().back().header("Authorization").empty());  // another origin: no credentials
}

TEST_CASE("TLS: a response that stalls after the handshake ends by the deadline with timeout - connection not reused") {
  // The deadline closes the TCP socket under the TLS stream's pending read (src/http/io_deadline.hpp).
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  CaFile const ca{pki.ca_pem};
  asio::io_context io;
  ScriptServer server{io,
                      [](RecordedRequest const&, std::size_t index) {
                        return index == 1 ? Reply{Step::stall()} : respond(200, R"({"tls":true})");
                      },
                      server_context(pki)};
  auto options = loopback_options(server);
  options.ca_file = ca.path.string();
  options.retry.max_attempts = 1;
  auto client = make_client(io, options);
  // The first request has the default 30 s: a slow handshake on a loaded machine does not fail it.
  REQUIRE(run(io, client->send(get(server.url("/v1/vms")), {})).has_value());  // a pooled TLS connection
  auto stalled = run(io, client->send(get(server.url("/v1/vms")), CallOptions::within(std::chrono::milliseconds{300})));
  REQUIRE_FALSE(stalled.has_value());
  CHECK(stalled.error().kind == ErrorKind::timeout);
  INFO(stalled.error().message);
  auto next = run(io, client->send(get(server.url("/v1/vms")), {}));
  REQUIRE_MESSAGE(next.has_value(), (next ? "" : next.error().to_string()));
  CHECK(server.connections_accepted() == 2);  // the stalled connection was closed, not pooled
}

TEST_CASE("TLS: a certificate from an unknown CA is rejected as untrusted") {
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};
  auto client = make_client(io, loopback_options(server));  // no ca_file: system store only
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::tls);
  INFO(response.error().message);
  CHECK(response.error().message.find("untrusted certificate") != std::string::npos);
  CHECK(server.requests().empty());
  CHECK(server.connections_accepted() == 1);  // not retried: a certificate does not fix itself
}

TEST_CASE("TLS: a trusted certificate for another host is rejected as a hostname mismatch") {
  auto const pki = sim::generate_certificates({"wrong.example"}, {});
  CaFile const ca{pki.ca_pem};
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};
  auto options = loopback_options(server);
  options.ca_file = ca.path.string();
  auto client = make_client(io, options);
  for (auto const* host : {"127.0.0.1", "localhost"}) {
    auto response = run(io, client->send(get(server.url("/", host)), {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::tls);
    INFO(response.error().message);
    CHECK(response.error().message.find("hostname mismatch") != std::string::npos);
    CHECK(response.error().message.find(host) != std::string::npos);
  }
  CHECK(server.requests().empty());
}

TEST_CASE("TLS: ca_file that is not PEM is a config error naming the provider - from the first request") {
  CaFile const garbage{"not a certificate"};
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};
  auto options = loopback_options(server);
  options.ca_file = garbage.path.string();
  auto client = make_client(io, options);  // creation only checks that the file can be opened
  auto response = run(io, client->send(get(server.url("/v1/vms"), "list"), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::config);
  CHECK(response.error().provider == "test");
  CHECK(response.error().operation == "list");
  CHECK(response.error().message.find("is not a PEM certificate") != std::string::npos);
  CHECK(response.error().attempts == 0);  // nothing was sent
  CHECK(response.error().message.find("nothing was sent (1 try)") != std::string::npos);  // not retried
  CHECK(server.connections_accepted() == 0);
}

TEST_CASE("TLS: a ca_file bundle trusts every certificate in it, text between them aside - an oversized one is refused") {
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  auto const other = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};
  auto options = loopback_options(server);

  SUBCASE("the server's CA second in the bundle, after another CA and a comment line") {
    http::forget_shared_tls_contexts_for_tests();  // a context is shared by path: this one is read anew
    CaFile const bundle{"# two CAs\n" + other.ca_pem + "\n# Subject: the test CA\n" + pki.ca_pem};
    options.ca_file = bundle.path.string();
    auto response = run(io, make_client(io, options)->send(get(server.url("/v1/vms")), {}));
    REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
    CHECK(response->body == R"({"tls":true})");
  }
  SUBCASE("only the other CA: the server is not trusted") {
    http::forget_shared_tls_contexts_for_tests();
    CaFile const wrong{other.ca_pem};
    options.ca_file = wrong.path.string();
    auto response = run(io, make_client(io, options)->send(get(server.url("/v1/vms")), {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::tls);
  }
  SUBCASE("a file over 4 MiB: a config error from the first request, nothing sent") {
    http::forget_shared_tls_contexts_for_tests();
    CaFile const huge{pki.ca_pem + std::string((4u << 20) + 1, '#')};
    options.ca_file = huge.path.string();
    auto response = run(io, make_client(io, options)->send(get(server.url("/v1/vms"), "list"), {}));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::config);
    CHECK(response.error().message.find("cannot be read: larger than the 4 MiB limit") != std::string::npos);
    CHECK(server.connections_accepted() == 0);
  }
}

TEST_CASE("TLS: the system store is read on the first https request - not at creation - once per process") {
  http::forget_shared_tls_contexts_for_tests();  // whatever ran before in this process
  auto const before = http::system_store_loads();
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  CaFile const ca{pki.ca_pem};
  asio::io_context io;
  ScriptServer server{io, ok, server_context(pki)};

  auto first = make_client(io, loopback_options(server));  // https, no ca_file: the system store
  CHECK(http::system_store_loads() == before);
  auto untrusted = run(io, first->send(get(server.url("/")), {}));  // a private CA: refused, but it was read
  CHECK_FALSE(untrusted.has_value());
  CHECK(http::system_store_loads() == before + 1);

  auto second = make_client(io, loopback_options(server));  // the same trust: shares the context
  CHECK_FALSE(run(io, second->send(get(server.url("/")), {})).has_value());
  CHECK(http::system_store_loads() == before + 1);

  auto options = loopback_options(server);  // ca_file trust never reads the system store
  options.ca_file = ca.path.string();
  auto private_ca = make_client(io, options);
  auto trusted = run(io, private_ca->send(get(server.url("/")), {}));
  REQUIRE_MESSAGE(trusted.has_value(), (trusted ? "" : trusted.error().to_string()));
  CHECK(http::system_store_loads() == before + 1);
}

TEST_CASE("TLS: an http endpoint never reads the system store") {
  http::forget_shared_tls_contexts_for_tests();
  auto const before = http::system_store_loads();
  asio::io_context io;
  ScriptServer server{io, ok};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
  CHECK(http::system_store_loads() == before);
}

TEST_CASE("TLS: a body cut short is the same transport error as over plain HTTP - and a GET is retried") {
  auto const pki = sim::generate_certificates({"localhost"}, {"127.0.0.1"});
  CaFile const ca{pki.ca_pem};
  asio::io_context io;
  std::string const cut = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":";
  ScriptServer server{io, [cut](auto const&, std::size_t) { return Reply{Step::send(cut), Step::close()}; },
                      server_context(pki)};
  auto options = loopback_options(server);
  options.ca_file = ca.path.string();
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::transport);
  INFO(response.error().message);
  CHECK(response.error().message.find("truncated") != std::string::npos);
  CHECK(server.requests().size() == 3);
}
