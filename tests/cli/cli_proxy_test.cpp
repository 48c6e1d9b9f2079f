// The real binary behind a proxy named by the environment, as a user behind a corporate proxy runs it:
// the variables are read from the process environment (here the child's, so no setenv in the test).
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include "tests/http/connect_proxy.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <thread>

namespace asio = boost::asio;

TEST_CASE("cli: https_proxy in the environment carries a list through the proxy - the token never outside the tunnel") {
  // The simulator's certificate names provider.test, which only the proxy resolves: the list can only
  // succeed through the tunnel, with the certificate verified for the provider's name.
  polycloud::sim::OpenScalerOptions api;
  api.instances = 6;
  api.token = cli_test::token;
  polycloud::sim::ServerOptions tls;
  tls.certificates = std::make_shared<polycloud::sim::GeneratedCertificates const>(
      polycloud::sim::generate_certificates({"provider.test"}, {}));
  auto server = polycloud::sim::Server::start(std::make_shared<polycloud::sim::OpenScalerApi>(api), tls);

  asio::io_context io;
  polycloud::test::ConnectProxy proxy{io};
  proxy.resolve("provider.test", "127.0.0.1");
  auto work = asio::make_work_guard(io);
  std::thread proxy_thread{[&io] { io.run(); }};

  CliFixture cli;
  auto const config = cli.write_config(fmt::format(
      R"({{"providers": {{"alg": {{"type": "openscaler", "endpoint": "https://provider.test:{}", "ca_file": "{}",
          "token": "{}", "project_id": "default"}}}}}})",
      server->port(), server->ca_file(), cli_test::token));
  // Every proxy variable is set, so whatever the parent's environment holds does not decide.
  auto const result = run_process({POLYCLOUD_CLI_BINARY, "--config", config, "list", "-o", "json"},
                                  {{"https_proxy", proxy.url()}, {"HTTPS_PROXY", "http://127.0.0.1:1"},
                                   {"all_proxy", ""}, {"ALL_PROXY", ""}, {"no_proxy", ""}, {"NO_PROXY", ""},
                                   {"NO_COLOR", "1"}});
  work.reset();
  io.stop();
  proxy_thread.join();

  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK_FALSE(parse_output(result.out).as_array().empty());
  REQUIRE_FALSE(proxy.connects().empty());
  CHECK(proxy.connects()[0].target == "provider.test:" + std::to_string(server->port()));
  CHECK(proxy.seen_outside_tunnels().find(cli_test::token) == std::string::npos);
}

TEST_CASE("cli: a malformed proxy variable exits 2 naming the variable - not its password") {
  CliFixture cli;
  auto const config = cli.write_config(
      R"({"providers": {"alg": {"type": "openscaler", "token": "cli-test-secret-token-5f2a", "project_id": "default"}}})");
  auto const result = run_process({POLYCLOUD_CLI_BINARY, "--config", config, "list"},
                                  {{"https_proxy", "socks5://alice:hunter2-pw@proxy.corp:1080"}, {"NO_COLOR", "1"}});
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("https_proxy: proxy scheme 'socks5' is not supported") != std::string::npos);
  CHECK(result.err.find("hunter2") == std::string::npos);
}
