// Ctrl-C of a create that carries an idempotency key (issue 19), the real binary against the
// simulators: once the cancelled create has ended, the key is looked up once. Found: the VM's id is
// reported and its journal line cleared; not found, failed or abandoned by a second Ctrl-C: the key
// and the rerun are named as before, and the line stays. Exit 130 in every case.
// Each moment is reached by an event at the simulator (a request received, a fault consumed, the VM
// listed), never by a delay.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include "sim/bycloud/instance_data.hpp"
#include "sim/sandbox.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>

#include <csignal>

using cli_test::Simulated;

namespace {

namespace sim = polycloud::sim;

/// A keyed create on an OpenScaler simulator, run in the background with the fixture's state directory.
struct KeyedCreate {
  explicit KeyedCreate(sim::OpenScalerOptions options = {}) : simulated(options) {}

  std::unique_ptr<BackgroundProcess> start(std::string const& name, std::string const& key) {
    return std::make_unique<BackgroundProcess>(
        std::vector<std::string>{POLYCLOUD_CLI_BINARY, "--config", config, "create", "alg", "--name", name, "--size",
                                 "b-1-500mb-10", "--image", "debian-13", "--idempotency-key", key},
        (cli.dir() / name).string(),
        std::map<std::string, std::string>{{"XDG_STATE_HOME", (cli.dir() / "state").string()},
                                           {"XDG_CACHE_HOME", (cli.dir() / "cache").string()}});
  }
  sim::Server& server() const { return *simulated.server; }
  /// The ids `polycloud list` shows for `name`.
  std::vector<std::string> ids_named(std::string const& name) const {
    auto listed = cli.run_with(config, {"list", "--provider", "alg", "--name", name, "-o", "json"});
    std::vector<std::string> ids;
    if (listed.exit_code != 0) return ids;
    auto const all = parse_output(listed.out);
    for (auto const& vm : all.as_array()) ids.emplace_back(vm.at("id").as_string());
    return ids;
  }
  /// The journal's lines, as `polycloud pending` lists them.
  boost::json::array pending() const { return parse_output(cli.run({"pending", "-o", "json"}).out).as_array(); }

  Simulated simulated;
  CliFixture cli;
  std::string config = cli.write_config(fmt::format(R"({{"providers": {{"alg": {}}}}})", simulated.block()));
};

sim::Fault stalled(std::string method, std::string path) {
  sim::Fault fault;
  fault.method = std::move(method);
  fault.path = std::move(path);
  fault.kind = sim::FaultKind::stall;
  fault.duration = std::chrono::seconds(60);
  return fault;
}

/// A create of `name` (key `name`-1) whose POST the simulator holds (so no VM is made), sent SIGINT
/// once; the listing of its lookup after the interruption will be held too.
std::unique_ptr<BackgroundProcess> interrupted_with_lookup_held(KeyedCreate& env, std::string const& name) {
  env.server().faults().add(stalled("POST", "/v1/vms"));
  auto create = env.start(name, name + "-1");
  REQUIRE(create->started());
  REQUIRE(wait_until([&] { return env.server().faults().consumed().size() == 1; }));
  // Queued only now: the create's own lookup before its POST has gone by, so the next listing is the
  // lookup after the interruption.
  env.server().faults().add(stalled("GET", "/v1/vms"));
  create->signal(SIGINT);
  return create;
}

/// What every interrupted keyed create says when the lookup did not settle it; its journal line stays.
void check_named_way_out(KeyedCreate const& env, ProcessResult const& result, std::string const& key) {
  CHECK_FALSE(result.timed_out);
  CHECK(env.pending().size() == 1);
  CHECK(result.exit_code == 130);
  CHECK(result.err.find("interrupted by SIGINT") != std::string::npos);
  CHECK(result.err.find("run the same command again (idempotency key " + key + ")") != std::string::npos);
  CHECK(result.err.find("polycloud pending --resolve") != std::string::npos);
  CHECK(result.out.empty());
  CHECK(result.err.find(cli_test::token) == std::string::npos);
}

}  // namespace

TEST_CASE("SIGINT after a keyed create made its VM: one lookup names the id - clears the journal line - exit 130") {
  sim::OpenScalerOptions slow;
  slow.create_progress_interval = std::chrono::seconds(60);  // the create stream stays open until cancelled
  KeyedCreate env(slow);
  auto create = env.start("web-keyed", "web-keyed-1");
  REQUIRE(create->started());
  // The simulator made the VM when it took the POST: it is listed while the stream is still open.
  REQUIRE(wait_until([&] { return !env.ids_named("web-keyed").empty(); }));
  auto const ids = env.ids_named("web-keyed");
  REQUIRE(ids.size() == 1);
  auto const result = create->stop(SIGINT, std::chrono::seconds(30));
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 130);
  CHECK(result.err.find("looking up idempotency key web-keyed-1 on alg") != std::string::npos);
  CHECK(result.err.find("the create was interrupted after it made the VM: web-keyed exists on alg with id " +
                        ids.front() + " (found by its idempotency key web-keyed-1; its journal line is cleared)") !=
        std::string::npos);
  CHECK(result.out.empty());
  CHECK(env.pending().empty());
  CHECK(env.server().stats().snapshot().requests_for("POST /v1/vms") == 1);
}

TEST_CASE("SIGINT before the simulator made the VM: the lookup finds none - the key and the rerun are named - the line stays") {
  KeyedCreate env;
  env.server().faults().add(stalled("POST", "/v1/vms"));  // received, held before the VM is made
  auto create = env.start("web-held", "web-held-1");
  REQUIRE(create->started());
  REQUIRE(wait_until([&] { return !env.server().faults().consumed().empty(); }));
  auto const result = create->stop(SIGINT, std::chrono::seconds(30));
  INFO("stderr: ", result.err);
  check_named_way_out(env, result, "web-held-1");
  CHECK(result.err.find("looked up just now, no VM carries the key yet") != std::string::npos);
  auto const records = env.pending();
  REQUIRE(records.size() == 1);
  CHECK(records[0].at("key") == "web-held-1");
  CHECK(records[0].at("name") == "web-held");
  CHECK(records[0].at("status") == "interrupted");
}

TEST_CASE("a second SIGINT abandons the lookup of an interrupted keyed create - the key and the rerun are named") {
  KeyedCreate env;
  auto create = interrupted_with_lookup_held(env, "web-twice");
  REQUIRE(wait_until([&] { return env.server().faults().consumed().size() == 2; }));  // the lookup is held
  auto const result = create->stop(SIGINT, std::chrono::seconds(30));
  INFO("stderr: ", result.err);
  check_named_way_out(env, result, "web-twice-1");
  CHECK(result.err.find("SIGINT again, abandoning the lookup by idempotency key") != std::string::npos);
  CHECK(result.err.find("the lookup by the key was abandoned") != std::string::npos);
}

TEST_CASE("the lookup after an interrupted keyed create is bounded - a held listing ends it with the way out named") {
  KeyedCreate env;
  auto create = interrupted_with_lookup_held(env, "web-bounded");  // held 60 s, far past the lookup's bound
  auto const result = create->stop(0, std::chrono::seconds(50));  // ends by itself
  INFO("stderr: ", result.err);
  check_named_way_out(env, result, "web-bounded-1");
  CHECK(result.err.find("looking the key up failed") != std::string::npos);
  CHECK(result.err.find("timeout") != std::string::npos);
}

TEST_CASE("SIGINT during a keyed Katapult or ByCloud build: the lookup names the VM the build is making") {
  sim::SandboxOptions options;
  options.instances = 2;
  auto sandbox = sim::Sandbox::start(options);
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  struct Case {
    std::string type, poll;
    std::vector<std::string> spec;
  };
  // One Case at a time, not a structured binding: clang 14 cannot CAPTURE a binding.
  for (auto const& each :
       {Case{"katapult", "/core/v1/virtual_machines/builds/virtual_machine_build",
             {"--size", "rock-3", "--image", "templates/debian-12", "--region", "uk-lon-01"}},
        Case{"bycloud", "/v1/instances/*",
             {"--size", sim::bycloud::kFlavors[0].id, "--image", sim::bycloud::kImages[1].id, "--option",
              "key_name=my-keypair"}}}) {
    auto const& type = each.type;
    auto const& poll = each.poll;
    auto const& spec = each.spec;
    CAPTURE(type);
    auto& server = type == "katapult" ? sandbox->katapult() : sandbox->bycloud();
    std::string provider;
    for (auto const& configured : sandbox->providers())
      if (configured.type == type && provider.empty()) provider = configured.name;
    server.faults().add(stalled("GET", poll));  // the first read of the build's status is held
    std::vector<std::string> args{POLYCLOUD_CLI_BINARY, "--config", config, "create", provider, "--name",
                                  "sigkey-" + type, "--idempotency-key", "sigkey-" + type + "-1"};
    args.insert(args.end(), spec.begin(), spec.end());
    BackgroundProcess create(args, (cli.dir() / type).string(),
                             {{"XDG_STATE_HOME", (cli.dir() / "state").string()},
                              {"XDG_CACHE_HOME", (cli.dir() / "cache").string()}});
    REQUIRE(create.started());
    REQUIRE(wait_until([&] { return !server.faults().consumed().empty(); }));
    auto const result = create.stop(SIGINT, std::chrono::seconds(30));
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 130);
    auto const listed = cli.run_with(config, {"list", "--provider", provider, "--name", "sigkey-" + type, "-o", "json"});
    auto const vms = parse_output(listed.out).as_array();
    REQUIRE(vms.size() == 1);
    CHECK(result.err.find("sigkey-" + type + " exists on " + provider + " with id " +
                          std::string(vms[0].at("id").as_string()) + " (found by its idempotency key sigkey-" + type +
                          "-1; its journal line is cleared)") != std::string::npos);
  }
  CHECK(parse_output(cli.run({"pending", "-o", "json"}).out).as_array().empty());
}
