// End to end: the OpenScaler adapter with a token_command, against the OpenScaler simulator over TLS.
// The simulator accepts only its own token (sim/openscaler: Authorization must be "Bearer <token>",
// anything else is 401, as the seed pages' "Invalid or expired token"); the helper prints it, a stale
// token first, or never.
#include "sim/openscaler/openscaler.hpp"
#include "test_support.hpp"
#include "tests/support/helper_script.hpp"
#include "tests/support/simulated_provider.hpp"

#include <doctest/doctest.h>

using namespace polycloud;

namespace {

constexpr char const* sim_token = "openscaler-sim-token";

class SimulatedOpenScaler : public test::SimulatedApi {
 public:
  SimulatedOpenScaler() : SimulatedApi(test::api_accepting<sim::OpenScalerApi>(sim_token, sim::OpenScalerOptions{})) {}

  /// The provider "alg" configured with the helper as its token_command instead of a token.
  std::unique_ptr<Provider> provider(test::HelperScript const& helper) {
    auto config = test::sim_config("alg", "openscaler", origin(), "", ca_file(), {{"project_id", "default"}});
    config.token_command = helper.command();
    return SimulatedApi::provider(config);
  }
};

}  // namespace

TEST_CASE("openscaler with token_command: the helper's token lists - one run serves every call") {
  SimulatedOpenScaler sim;
  test::HelperScript helper{R"(printf '{"token": "%s", "expires_in": 3600}' openscaler-sim-token)"};
  auto provider = sim.provider(helper);
  CHECK(!test::list_all(sim, *provider).empty());
  CHECK(!test::list_all(sim, *provider).empty());
  CHECK(helper.runs() == 1);
  CHECK(sim.stats().requests_for("GET /v1/vms") == 2);
}

TEST_CASE("openscaler with token_command: a stale token's 401 runs the helper once more and the call succeeds") {
  SimulatedOpenScaler sim;
  test::HelperScript helper{R"(if [ "$n" = 1 ]; then t=stale-helper-token-1; else t=openscaler-sim-token; fi
printf '{"token": "%s"}' "$t")"};
  auto provider = sim.provider(helper);
  CHECK(!test::list_all(sim, *provider).empty());
  CHECK(helper.runs() == 2);
  CHECK(sim.stats().requests_for("GET /v1/vms") == 2);
}

TEST_CASE("openscaler with token_command: a 401 after the refresh ends as unauthenticated - no loop") {
  SimulatedOpenScaler sim;
  test::HelperScript helper{R"(printf '{"token": "%s"}' stale-helper-token-1)"};
  auto provider = sim.provider(helper);
  auto listed = test::try_list(sim, *provider);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::unauthenticated);
  CHECK(listed.error().provider == "alg");
  CHECK(listed.error().attempts == 2);
  CHECK(listed.error().message.find("stale-helper-token") == std::string::npos);
  CHECK(helper.runs() == 2);
  CHECK(sim.stats().requests_for("GET /v1/vms") == 2);
}

TEST_CASE("openscaler with token_command: a failing helper is a config error naming the provider - not its output") {
  SimulatedOpenScaler sim;
  test::HelperScript helper{R"(printf '{"token": "%s"}' openscaler-sim-token; exit 2)"};
  auto provider = sim.provider(helper);
  auto listed = test::try_list(sim, *provider);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::config);
  CHECK(listed.error().provider == "alg");
  CHECK(listed.error().message.find("exited with status 2") != std::string::npos);
  CHECK(listed.error().message.find(sim_token) == std::string::npos);
  CHECK(sim.stats().requests_for("GET /v1/vms") == 0);
}
