// The CLI against the OpenScaler simulator where safety is about what is (not) sent: ids that would
// resolve to another path are refused before any request, and Ctrl-C cancels a create in flight.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <thread>

using cli_test::Simulated;

namespace {
std::string config_for(Simulated const& sim) { return R"({"providers": {"alg": )" + sim.block() + "}}"; }

/// Waits (bounded) until the simulator has received `route`: the CLI is then inside its operation.
bool wait_for_request(Simulated const& sim, std::string const& route) {
  auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    if (sim.server->stats().snapshot().requests_for(route) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the child process has no other signal
  }
  return false;
}
}  // namespace

TEST_CASE("an empty - dot or dot-dot id is a usage error and nothing reaches the server") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_for(sim));
  for (std::string const id : {"", ".", ".."}) {
    for (std::string const command : {"get", "delete", "start", "stop", "reboot"}) {
      CAPTURE(command);
      CAPTURE(id);
      auto result = cli.run_with(config, {command, "alg", id});
      CHECK(result.exit_code == 2);
      CHECK(result.err.find("an instance id must not be") != std::string::npos);
    }
  }
  CHECK(sim.server->stats().snapshot().requests_total == 0);
}

TEST_CASE("SIGINT or SIGTERM during create cancels it - says the VM may exist - and exits 130 or 143") {
  for (int const signal_number : {SIGINT, SIGTERM}) {
    CAPTURE(signal_number);
    polycloud::sim::OpenScalerOptions slow;
    slow.create_progress_interval = std::chrono::seconds(60);  // the create stream stays open until cancelled
    Simulated sim(slow);
    CliFixture cli;
    auto const config = cli.write_config(config_for(sim));
    BackgroundProcess create({POLYCLOUD_CLI_BINARY, "--config", config, "create", "alg", "--name", "web-interrupted",
                              "--size", "b-1-500mb-10", "--image", "debian-13"},
                             (cli.dir() / "create").string());
    REQUIRE(create.started());
    REQUIRE(wait_for_request(sim, "POST /v1/vms"));
    auto const result = create.stop(signal_number, std::chrono::seconds(20));
    INFO("stderr: ", result.err);
    CHECK_FALSE(result.timed_out);
    CHECK(result.exit_code == 128 + signal_number);
    CHECK(result.err.find(signal_number == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM") !=
          std::string::npos);
    CHECK(result.err.find("the VM named web-interrupted may exist on alg") != std::string::npos);
    CHECK(result.out.empty());
    CHECK(result.err.find(cli_test::token) == std::string::npos);
  }
}

TEST_CASE("SIGINT during stop --wait says the stop was accepted and exits 130") {
  Simulated sim;
  polycloud::sim::Fault stalled_get;  // every poll of the wait stalls until the signal
  stalled_get.method = "GET";
  stalled_get.path = "/v1/vms/8";
  stalled_get.kind = polycloud::sim::FaultKind::stall;
  stalled_get.duration = std::chrono::seconds(60);
  stalled_get.count = 100;
  sim.server->faults().add(stalled_get);
  CliFixture cli;
  BackgroundProcess stop({POLYCLOUD_CLI_BINARY, "--config", cli.write_config(config_for(sim)), "stop", "alg", "8",
                          "--wait"},
                         (cli.dir() / "stop").string());
  REQUIRE(stop.started());
  REQUIRE(wait_for_request(sim, "GET /v1/vms/8"));
  auto const result = stop.stop(SIGINT, std::chrono::seconds(20));
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 130);
  CHECK(result.err.find("the stop of 8 on alg was accepted; the wait for it to finish was cancelled") !=
        std::string::npos);
  CHECK(sim.server->stats().snapshot().requests_for("POST /v1/vms/8/actions") == 1);
}
