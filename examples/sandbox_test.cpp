// A user's own test of their tool against the installed simulators (polycloud::sim), with a fault
// injected into the OpenScaler simulator. `count_running` stands for the code under test.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <polycloud/blocking.hpp>

#include <sim/sandbox.hpp>

namespace {
/// The tool under test: how many instances run on one provider, or its error.
polycloud::Result<int> count_running(polycloud::blocking::Fleet& fleet, std::string const& provider) {
  polycloud::FleetListOptions options;
  options.providers = {provider};
  auto listings = fleet.list_all(options);
  if (!listings.at(0).instances) return listings[0].instances.error();
  int running = 0;
  for (auto const& vm : *listings[0].instances) running += vm.state == polycloud::State::running;
  return running;
}

struct SandboxFleet {
  std::unique_ptr<polycloud::sim::Sandbox> sandbox = polycloud::sim::Sandbox::start();
  polycloud::blocking::Fleet fleet =
      polycloud::blocking::Fleet::create(
          polycloud::parse_config(sandbox->config_json({"openscaler"}), "(sandbox)").value())
          .value();
};
}  // namespace

TEST_CASE("the tool counts running instances on the simulator") {
  SandboxFleet env;
  auto running = count_running(env.fleet, "alg");
  REQUIRE(running.has_value());
  CHECK(*running > 0);
}

TEST_CASE("the tool reports a provider that rejects its credential") {
  SandboxFleet env;
  polycloud::sim::Fault fault;
  fault.method = "GET";
  fault.path = "/v1/vms";
  fault.status = 401;
  fault.message = "token expired";
  env.sandbox->openscaler().faults().add(fault);

  auto running = count_running(env.fleet, "alg");
  REQUIRE_FALSE(running.has_value());
  CHECK(running.error().kind == polycloud::ErrorKind::unauthenticated);
  CHECK(running.error().provider == "alg");
  CHECK(running.error().to_string().find("openscaler-sim-token") == std::string::npos);
}
