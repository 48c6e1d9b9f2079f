// `polycloud watch` as a user runs it: ndjson events (the VMs already there with --existing, then what
// changes), a live table with -o table, a clean end on Ctrl-C with exit 130, and an interval below 1 s
// refused as a usage error before anything is sent.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

using cli_test::Simulated;

namespace {
std::string config_for(Simulated const& sim) { return R"({"providers": {"alg": )" + sim.block() + "}}"; }

std::string read_file(std::string const& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Waits (bounded) until the file holds `needle`: the watch has printed it.
bool wait_for_output(std::string const& path, std::string const& needle) {
  auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    if (read_file(path).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the child process has no other signal
  }
  return false;
}

std::vector<boost::json::object> ndjson_lines(std::string const& text) {
  std::vector<boost::json::object> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line).as_object());
  return lines;
}
}  // namespace

TEST_CASE("watch refuses an interval below 1 s or not a duration as a usage error and sends nothing") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_for(sim));
  for (std::string const interval : {"500ms", "0s", "0.5s", "999ms", "soon", "30x"}) {
    CAPTURE(interval);
    auto result = cli.run_with(config, {"watch", "--interval", interval});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--interval: expected a duration from 1s to 24h") != std::string::npos);
    CHECK(result.out.empty());
  }
  CHECK(sim.server->stats().snapshot().requests_total == 0);
}

TEST_CASE("watch prints ndjson events - the VMs there with --existing then a change - and ends on SIGINT with exit 130") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_for(sim));
  auto const prefix = (cli.dir() / "watch").string();
  BackgroundProcess watch({POLYCLOUD_CLI_BINARY, "--config", config, "watch", "--existing", "--interval", "1s"}, prefix);
  REQUIRE(watch.started());
  REQUIRE(wait_for_output(prefix + ".out", R"("id":"1004")"));  // the last of project default's VMs

  // A VM stopped behind the watch's back: the next poll reports its state.
  auto const stopped = cli.run_with(config, {"stop", "alg", "1000"});
  REQUIRE(stopped.exit_code == 0);
  REQUIRE(wait_for_output(prefix + ".out", R"("event":"state")"));

  auto const result = watch.stop(SIGINT);
  INFO("stderr: ", result.err);
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 130);
  auto const lines = ndjson_lines(result.out);
  std::size_t added = 0;
  for (auto const& line : lines) {
    CHECK(line.at("provider") == "alg");
    if (line.at("event") == "added") ++added;
  }
  CHECK(added == 4);  // 8 (the seed page's VM), 1000, 1002, 1004: project default
  REQUIRE(lines.size() == 5);
  CHECK(lines.back().at("event") == "state");
  CHECK(lines.back().at("id") == "1000");
  CHECK(lines.back().at("from") == "running");
  CHECK(lines.back().at("to") == "stopped");
}

TEST_CASE("watch -o table prints one row per event under a header") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_for(sim));
  auto const prefix = (cli.dir() / "watch-table").string();
  BackgroundProcess watch({POLYCLOUD_CLI_BINARY, "--config", config, "-o", "table", "watch", "--existing"}, prefix);
  REQUIRE(watch.started());
  // It failed twice (stop 29; stop 31's CI): the SIGINT landed just before the next batch's first step
  // and escaped as an exception. Fixed in Interruption::cancel_running; cli_interrupt_test.cpp makes that
  // moment deterministic. Whatever fails here prints what the watch printed.
  bool const listed = wait_for_output(prefix + ".out", "vm-1004");
  auto const result = watch.stop(SIGINT);
  INFO("stdout: ", result.out);
  INFO("stderr: ", result.err);
  INFO("timed out: ", result.timed_out);
  REQUIRE(listed);
  CHECK(result.exit_code == 130);
  CHECK(result.out.rfind("OBSERVED", 0) == 0);
  CHECK(result.out.find("added") != std::string::npos);
  CHECK(result.out.find("{") == std::string::npos);  // rows, not JSON
}
