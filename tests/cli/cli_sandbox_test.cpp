// `polycloud sandbox` and `polycloud demo` as a user runs them.
#include "cli_fixture.hpp"

#include "sim/sandbox.hpp"
#include "tests/support/quiet_port.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

namespace json = boost::json;

namespace {
/// Waits (bounded) until `path` holds a complete JSON object, as the sandbox writes its config once ready.
std::optional<json::object> wait_for_json_file(std::string const& path) {
  auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto value = json::parse(text.str(), ec);
    if (!ec && value.is_object() && value.as_object().contains("providers")) return value.as_object();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the server process has no other signal
  }
  return std::nullopt;
}
std::string read_all(std::string const& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Waits (bounded) until the file at `path` holds `line`: the readiness signal a harness waits for.
bool wait_for_line(std::string const& path, std::string const& line) {
  auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    if (read_all(path).find(line) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("sandbox prints ready after writing its config whole - announces only what the config holds") {
  CliFixture cli;
  auto const config = (cli.dir() / "ready.json").string();
  auto const port = polycloud::test::quiet_port();
  auto const prefix = (cli.dir() / "ready").string();
  BackgroundProcess sandbox({POLYCLOUD_CLI_BINARY, "sandbox", "--instances", "2", "--write-config", config,
                             "--openscaler-port", std::to_string(port)},
                            prefix);
  REQUIRE(sandbox.started());
  REQUIRE(wait_for_line(prefix + ".err", "polycloud sandbox: ready"));
  // No polling for a parseable file: once "ready" is printed, the config is there and complete.
  auto const written = parse_output(read_all(config)).as_object();
  auto const& providers = written.at("providers").as_object();
  REQUIRE_FALSE(providers.empty());
  auto const announced = read_all(prefix + ".err");
  std::size_t announcements = 0;
  for (auto const& line : lines_of(announced))
    if (line.find(" at ") != std::string::npos) ++announcements;
  CHECK(announcements == providers.size());
  bool fixed = false;
  for (auto const& [name, provider] : providers) {
    CHECK(announced.find("polycloud sandbox: " + std::string(name) + " (") != std::string::npos);
    if (provider.at("type") == "openscaler")
      fixed = fixed || provider.at("endpoint").as_string().ends_with(":" + std::to_string(port));
  }
  CHECK(fixed);
  CHECK(cli.run_with(config, {"list", "--provider", "alg"}).exit_code == 0);
  for (auto const& entry : std::filesystem::directory_iterator(cli.dir()))  // the temp file was renamed away
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  CHECK(sandbox.stop(SIGTERM).exit_code == 0);
}

TEST_CASE("sandbox seeds the C++ API's default instance count") {
  CliFixture cli;
  auto help = cli.run({"sandbox", "--help"});
  auto const expected = "=" + std::to_string(polycloud::sim::SandboxOptions{}.instances) + "\n";
  CHECK(help.out.find(expected) != std::string::npos);
}

TEST_CASE("sandbox serves until SIGTERM - its written config works for list, get and exit codes") {
  CliFixture cli;
  auto const config = (cli.dir() / "sandbox.json").string();
  BackgroundProcess sandbox(
      {POLYCLOUD_CLI_BINARY, "sandbox", "--instances", "3", "--seed", "7", "--write-config", config},
      (cli.dir() / "sandbox").string());
  REQUIRE(sandbox.started());
  auto const written = wait_for_json_file(config);
  REQUIRE(written.has_value());
  auto const& providers = written->at("providers").as_object();
  REQUIRE_FALSE(providers.empty());

  auto list = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", list.err);
  CHECK(list.exit_code == 0);
  auto const all = parse_output(list.out).as_array();
  CHECK_FALSE(all.empty());
  auto const& first = all[0].as_object();
  auto get = cli.run_with(config, {"get", std::string(first.at("provider").as_string()),
                                   std::string(first.at("id").as_string()), "-o", "json"});
  CHECK(get.exit_code == 0);
  auto missing = cli.run_with(config, {"get", std::string(first.at("provider").as_string()), "999999"});
  CHECK(missing.exit_code == 4);

  // The same sandbox with one provider's token changed: exit 3 for it alone, 5 for the fleet list.
  json::object tampered = *written;
  auto& changed = tampered["providers"].as_object().begin()->value().as_object();
  changed["token"] = "not-the-token";
  auto const tampered_path = cli.write_config(json::serialize(tampered), "tampered.json");
  auto const changed_name = std::string(tampered["providers"].as_object().begin()->key());
  auto denied = cli.run_with(tampered_path, {"list", "--provider", changed_name});
  CHECK(denied.exit_code == 3);
  if (providers.size() > 1) CHECK(cli.run_with(tampered_path, {"list"}).exit_code == 5);

  auto stopped = sandbox.stop(SIGTERM);
  CHECK_FALSE(stopped.timed_out);
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.err.find("ready, serving until interrupted") != std::string::npos);
}

TEST_CASE("sandbox --plain prints a config with http:// loopback endpoints and stops on SIGINT") {
  CliFixture cli;
  auto const prefix = (cli.dir() / "plain").string();
  BackgroundProcess sandbox({POLYCLOUD_CLI_BINARY, "sandbox", "--plain", "--instances", "1"}, prefix);
  REQUIRE(sandbox.started());
  auto const printed = wait_for_json_file(prefix + ".out");
  REQUIRE(printed.has_value());
  for (auto const& [name, provider] : printed->at("providers").as_object())
    CHECK(provider.at("endpoint").as_string().starts_with("http://127.0.0.1:"));
  auto stopped = sandbox.stop(SIGINT);
  CHECK(stopped.exit_code == 0);
}

TEST_CASE("demo walks every command against every sandbox provider") {
  CliFixture cli;
  auto demo = cli.run({"demo"});
  INFO("stdout: ", demo.out, "\nstderr: ", demo.err);
  CHECK(demo.exit_code == 0);
  CHECK_FALSE(demo.timed_out);
  for (auto const* step : {"$ polycloud providers", "$ polycloud list", "$ polycloud create ", "$ polycloud get ",
                           "$ polycloud stop ", "$ polycloud delete ", "demo finished in"})
    CHECK(demo.out.find(step) != std::string::npos);
  CHECK(demo.err.find("% ") != std::string::npos);  // create progress, as plain lines off a terminal
}

TEST_CASE("a 100001-VM OpenScaler project lists completely through the CLI with default settings") {
  // One unpaginated body of ~140 MB: streamed item by item, so neither max_body_mb nor memory limits it.
  CliFixture cli;
  auto const config = (cli.dir() / "large.json").string();
  BackgroundProcess sandbox(
      {POLYCLOUD_CLI_BINARY, "sandbox", "--plain", "--instances", "200000", "--write-config", config},
      (cli.dir() / "large").string());
  REQUIRE(sandbox.started());
  REQUIRE(wait_for_json_file(config).has_value());
  auto list = cli.run_with(config, {"list", "--provider", "alg", "-o", "ndjson", "--fields", "id"});
  INFO("stderr: ", list.err);
  CHECK(list.exit_code == 0);
  auto const lines = static_cast<std::size_t>(std::count(list.out.begin(), list.out.end(), '\n'));
  CHECK(lines >= 100'001);
  CHECK(list.out.find("\"id\":\"8\"") != std::string::npos);  // the seed page's VM is among them
  sandbox.stop(SIGTERM);
}

TEST_CASE("a config left by a stopped sandbox says the endpoint is unreachable - not that ca_file is missing") {
  CliFixture cli;
  auto const config = (cli.dir() / "stale.json").string();
  std::vector<std::string> const ports{std::to_string(polycloud::test::quiet_port()), std::to_string(polycloud::test::quiet_port()),
                                       std::to_string(polycloud::test::quiet_port())};
  std::vector<std::string> const command{POLYCLOUD_CLI_BINARY, "sandbox",           "--instances",    "1",
                                         "--write-config",     config,              "--openscaler-port", ports[0],
                                         "--katapult-port",    ports[1],            "--bycloud-port", ports[2]};
  {
    BackgroundProcess sandbox(command, (cli.dir() / "first").string());
    REQUIRE(sandbox.started());
    REQUIRE(wait_for_line((cli.dir() / "first.err").string(), "polycloud sandbox: ready"));
    REQUIRE(cli.run_with(config, {"list"}).exit_code == 0);
    REQUIRE(sandbox.stop(SIGTERM).exit_code == 0);
  }
  auto const token = std::string(parse_output(read_all(config)).at("providers").as_object().begin()->value().at("token").as_string());

  auto stale = cli.run_with(config, {"list"});
  INFO("stderr: ", stale.err);
  CHECK(stale.exit_code == 1);  // unavailable, as any endpoint that does not answer
  CHECK(stale.err.find("is the sandbox still running?") != std::string::npos);
  CHECK(stale.err.find("`polycloud sandbox`") != std::string::npos);
  CHECK(stale.err.find("cannot be read") == std::string::npos);
  CHECK(lines_of(stale.err).size() == 1);
  CHECK(stale.err.find(token) == std::string::npos);
  CHECK(stale.out.empty());

  // A new sandbox on the same ports: the endpoint answers, but with another CA and other tokens.
  auto const renewed = (cli.dir() / "renewed.json").string();
  auto again = command;
  again[5] = renewed;
  BackgroundProcess sandbox(again, (cli.dir() / "second").string());
  REQUIRE(sandbox.started());
  REQUIRE(wait_for_line((cli.dir() / "second.err").string(), "polycloud sandbox: ready"));
  auto replaced = cli.run_with(config, {"get", "alg", "1"});
  INFO("stderr: ", replaced.err);
  CHECK(replaced.exit_code == 2);
  CHECK(replaced.err.find("something listens at") != std::string::npos);
  CHECK(replaced.err.find("use the config it printed or wrote") != std::string::npos);
  CHECK(cli.run_with(renewed, {"list"}).exit_code == 0);
  CHECK(sandbox.stop(SIGTERM).exit_code == 0);
}

TEST_CASE("sandbox on a port already in use exits 1 with a message - it aborted with SIGABRT") {
  // Asio throws boost::system::system_error for the busy port, which the command did not catch.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor busy(io, {boost::asio::ip::make_address("127.0.0.1"), 0});  // listening
  auto const port = busy.local_endpoint().port();
  CliFixture cli;
  auto result = cli.run({"sandbox", "--openscaler-port", std::to_string(port)});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("cannot start the simulators: Address already in use") != std::string::npos);
  // The system's words, not Boost's source location ("[system:98 at /usr/include/boost/asio/…]").
  CHECK(result.err.find("/usr/include") == std::string::npos);
  CHECK(result.out.empty());
}
