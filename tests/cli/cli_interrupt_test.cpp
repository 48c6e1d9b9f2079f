// The CLI against the simulators where safety is about what is (not) sent: ids that would resolve to
// another path are refused before any request, and Ctrl-C cancels a create in flight, naming what may
// exist (with its id once the provider has accepted it); a second signal exits at once.
#include "cli_fixture.hpp"
#include "tools/polycloud/terminal/interruption.hpp"
#include "simulated_openscaler.hpp"

#include "sim/bycloud/instance_data.hpp"
#include "sim/sandbox.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

using cli_test::Simulated;

namespace {
std::string config_for(Simulated const& sim) { return R"({"providers": {"alg": )" + sim.block() + "}}"; }

/// Waits (bounded) until the simulator has received `route`.
bool wait_for_request(Simulated const& sim, std::string const& route) {
  return wait_until([&] { return sim.server->stats().snapshot().requests_for(route) > 0; });
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

TEST_CASE("SIGINT during a ByCloud create whose build was accepted names the VM by its id") {
  // Issue 12: ByCloud waits for the build inside create(); the 202 gave the id, but Ctrl-C said only
  // "the VM named X may exist".
  polycloud::sim::SandboxOptions options;
  options.instances = 2;
  auto sandbox = polycloud::sim::Sandbox::start(options);
  polycloud::sim::Fault stalled_poll;  // every poll of the build stalls until the signal
  stalled_poll.method = "GET";
  stalled_poll.path = "/v1/instances/*";
  stalled_poll.kind = polycloud::sim::FaultKind::stall;
  stalled_poll.duration = std::chrono::seconds(60);
  stalled_poll.count = 100;
  sandbox->bycloud().faults().add(stalled_poll);
  CliFixture cli;
  BackgroundProcess create({POLYCLOUD_CLI_BINARY, "--config", cli.write_config(sandbox->config_json({"bycloud"})),
                            "create", "byc", "--name", "sigtest7", "--size", polycloud::sim::bycloud::kFlavors[0].id,
                            "--image", polycloud::sim::bycloud::kImages[1].id},
                           (cli.dir() / "create").string());
  REQUIRE(create.started());
  REQUIRE(wait_until([&] { return !sandbox->bycloud().faults().consumed().empty(); }));
  auto const poll = sandbox->bycloud().faults().consumed().front().request;  // "GET /v1/instances/<id>"
  auto const id = poll.substr(poll.rfind('/') + 1);
  REQUIRE_FALSE(id.empty());
  auto const result = create.stop(SIGINT, std::chrono::seconds(20));
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 130);
  CHECK(result.err.find("the VM named sigtest7 may exist on byc with id " + id + " (the create was accepted)") !=
        std::string::npos);
  CHECK(sandbox->bycloud().stats().snapshot().requests_for("POST /v1/instances") == 1);
}

namespace {
boost::asio::awaitable<int> wait_an_hour() {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::hours(1));
  co_await timer.async_wait(boost::asio::use_awaitable);
  co_return 1;
}
}  // namespace

// The signal's handler queued ahead of the operation's first step: Ctrl-C landing just as `watch` asks
// for its next batch. Emitted there, Boost 1.81 threw out of io_context::run_one ("terminate called
// after throwing ... co_await: Operation canceled", CI of stop 31).
TEST_CASE("a signal handled just before an operation first runs cancels it: Interrupted - nothing thrown past it") {
  boost::asio::io_context io;
  polycloud::cli::Interruption interruption(io);
  boost::asio::post(io, [&] { interruption.deliver(SIGINT); });
  CHECK_THROWS_AS(interruption.run(wait_an_hour()), polycloud::cli::Interrupted);
  CHECK(interruption.signal_number() == SIGINT);

  // The second signal, handled just before the follow-up first runs, abandons that follow-up the same way.
  boost::asio::post(io, [&] { interruption.deliver(SIGINT); });
  CHECK_FALSE(interruption.run_follow_up(wait_an_hour(), std::chrono::seconds(5), "the test's lookup").has_value());
}

TEST_CASE("a second signal exits at once without waiting for the cancelled operation") {
  // In a child process: the second signal ends it with _Exit, which would end this test binary too.
  auto const err_path = std::filesystem::temp_directory_path() / ("polycloud-second-signal-" + std::to_string(::getpid()));
  pid_t const child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (std::freopen(err_path.c_str(), "w", stderr) == nullptr) std::_Exit(90);
    boost::asio::io_context io;
    polycloud::cli::Interruption interruption(io);
    // Both signals arrive before the io_context runs: the first starts the cancellation and its
    // grace period (3 s), the second must not wait for either.
    std::raise(SIGINT);
    std::raise(SIGTERM);
    io.run();  // returns only when the grace timer stops it: the second signal was ignored
    std::_Exit(91);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  std::ifstream err_file(err_path);
  std::stringstream err;
  err << err_file.rdbuf();
  std::filesystem::remove(err_path);
  INFO("stderr: ", err.str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
  CHECK(err.str().find("SIGTERM again, exiting at once") != std::string::npos);
}
