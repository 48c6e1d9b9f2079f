// `config init` at a terminal: each question answered after it is shown (the pty helper's conversation),
// then the config written 0600 and checked by listing one page from a simulator.
#include "cli_fixture.hpp"
#include "terminal_process.hpp"

#include "sim/sandbox.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>


TEST_CASE("config init at a terminal asks for each missing answer - writes 0600 - and lists one page to check it") {
  polycloud::sim::SandboxOptions options;
  options.tls = false;  // init asks for no ca_file; plain http is allowed on loopback
  auto sandbox = polycloud::sim::Sandbox::start(options);
  polycloud::sim::SandboxProvider const* bycloud = nullptr;  // needs no setting init does not ask for
  for (auto const& provider : sandbox->providers())
    if (provider.type == "bycloud") bycloud = &provider;
  REQUIRE(bycloud != nullptr);

  CliFixture cli;
  auto const token_file = cli.write_config(bycloud->token + "\n", "byc.token");
  auto const path = cli.dir() / "fresh" / "config.json";
  auto const before = bycloud->server->stats().snapshot().requests_total;
  auto const result = converse_in_terminal(
      {POLYCLOUD_CLI_BINARY, "--config", path.string(), "config", "init"}, {{"NO_COLOR", "1"}, {"TERM", "xterm"}}, 100,
      {{"Provider type (", "bycloud\n"},
       {"Name for it in polycloud commands: ", "lab\n"},
       {"Endpoint URL (Enter: the type's public API): ", bycloud->endpoint + "\n"},
       {"File holding the token (Enter: none): ", token_file + "\n"}});
  INFO("terminal: ", result.out);
  CHECK(result.exit_code == 0);
  // The questions came in this order, each answered (the terminal echoes the answer after its question).
  auto const type_asked = result.out.find("Provider type (");
  auto const name_asked = result.out.find("Name for it in polycloud commands: lab");
  auto const token_asked = result.out.find("File holding the token (Enter: none): " + token_file);
  REQUIRE(type_asked != std::string::npos);
  REQUIRE(name_asked != std::string::npos);
  REQUIRE(token_asked != std::string::npos);
  CHECK(type_asked < name_asked);
  CHECK(name_asked < token_asked);
  CHECK(result.out.find("added provider lab to " + path.string()) != std::string::npos);
  CHECK(result.out.find("lab answers: 24 instances on its first page") != std::string::npos);
  CHECK(result.out.find(bycloud->token) == std::string::npos);  // the token file is named, never read out
  CHECK(mode_of(path) == 0600u);
  CHECK(bycloud->server->stats().snapshot().requests_total > before);  // the check listed from the simulator

  // The file it wrote is a working config for later commands.
  auto const listed = cli.run_with(path.string(), {"list", "--fast", "-o", "value", "--fields", "provider"});
  CHECK(listed.exit_code == 0);
  CHECK(lines_of(listed.out).size() == 24);
}
