// The CLI against the OpenScaler simulator over HTTPS on loopback: real HTTP, real TLS, real errors.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>

namespace {
using cli_test::Simulated;
using cli_test::token;

std::string refused_block(int port) {
  return fmt::format(R"({{"type": "openscaler", "endpoint": "http://127.0.0.1:{}", "token": "{}",
                         "project_id": "default", "timeout_s": 5}})",
                     port, token);
}

/// {"providers": {NAME: BLOCK, …}}.
std::string config_of(std::vector<std::pair<std::string, std::string>> const& blocks) {
  std::string providers;
  for (auto const& [name, block] : blocks)
    providers += (providers.empty() ? "" : ", ") + fmt::format(R"("{}": {})", name, block);
  return R"({"providers": {)" + providers + "}}";
}

std::size_t count_lines(std::string const& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST_CASE("list and get against the simulator print the neutral JSON") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto list = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", list.err);
  CHECK(list.exit_code == 0);
  auto const all = parse_output(list.out).as_array();
  REQUIRE_FALSE(all.empty());
  for (auto const& instance : all) {
    CHECK(instance.at("provider") == "alg");
    CHECK(instance.at("type") == "openscaler");
  }
  auto const id = std::string(all[0].at("id").as_string());
  auto get = cli.run_with(config, {"get", "alg", id, "-o", "json"});
  CHECK(get.exit_code == 0);
  CHECK(parse_output(get.out).at("id").as_string() == id);
}

TEST_CASE("exit code 3: a wrong token") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block("wrong-token")}}));
  for (auto const& args : std::vector<std::vector<std::string>>{{"list"}, {"get", "alg", "8"}}) {
    auto result = cli.run_with(config, args);
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 3);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("alg: ") != std::string::npos);
    CHECK(result.err.find("unauthenticated") != std::string::npos);
  }
}

TEST_CASE("exit code 4: get of a missing id over HTTP") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto result = cli.run_with(config, {"get", "alg", "987654"});
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 4);
  CHECK(count_lines(result.err) == 1);
}

TEST_CASE("exit code 5: one of two providers unreachable - the other's instances are still printed") {
  Simulated sim;
  RefusedPort refused;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}, {"down", refused_block(refused.port())}}));
  auto result = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 5);
  auto const all = parse_output(result.out).as_array();
  CHECK_FALSE(all.empty());
  for (auto const& instance : all) CHECK(instance.at("provider") == "alg");
  CHECK(count_lines(result.err) == 1);
  CHECK(result.err.rfind("polycloud: down: list: ", 0) == 0);
}

TEST_CASE("exit code 1: the only provider is unreachable") {
  RefusedPort refused;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"down", refused_block(refused.port())}}));
  auto result = cli.run_with(config, {"get", "down", "8"});
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 1);
  CHECK(count_lines(result.err) == 1);
}

TEST_CASE("no token appears in any output, even with --verbose") {
  Simulated sim;
  RefusedPort refused;
  CliFixture cli;
  auto const good =
      cli.write_config(config_of({{"alg", sim.block()}, {"down", refused_block(refused.port())}}), "good.json");
  auto const bad = cli.write_config(config_of({{"alg", sim.block(token + "-nope")}}), "bad.json");
  std::vector<std::pair<std::string, std::vector<std::string>>> const runs{
      {good, {"--verbose", "list"}},
      {good, {"--verbose", "get", "alg", "8"}},
      {good, {"--verbose", "get", "alg", "987654"}},
      {good, {"--verbose", "providers", "-o", "json"}},
      {good, {"--verbose", "create", "alg", "--name", "t", "--size", "s-1", "--image", "ubuntu", "--no-wait"}},
      {bad, {"--verbose", "list", "-o", "csv"}},
  };
  bool traced = false;
  for (auto const& [config, args] : runs) {
    auto result = cli.run_with(config, args);
    INFO("stdout: ", result.out, " stderr: ", result.err);
    CHECK(result.out.find(token) == std::string::npos);
    CHECK(result.err.find(token) == std::string::npos);
    traced = traced || result.err.find("/v1/vms") != std::string::npos;
  }
  CHECK(traced);  // --verbose did print the exchanges
}
