// End to end: the Katapult adapter with a token_command, against the Katapult simulator over TLS.
// Katapult answers a token it does not know with 403 invalid_api_token ("may not exist or have
// expired"), not 401: the adapter's error decoder reads that as unauthenticated, which is what makes
// the transport fetch a fresh token (providers/common/client_options.hpp, make_client's decoder).
#include "sim/katapult/katapult.hpp"
#include "tests/support/helper_script.hpp"
#include "tests/support/simulated_provider.hpp"

#include <doctest/doctest.h>

using namespace polycloud;

namespace {

constexpr char const* sim_token = "katapult-sim-token";

std::unique_ptr<Provider> katapult_with(test::SimulatedApi& sim, test::HelperScript const& helper) {
  auto config = test::sim_config("kat", "katapult", sim.origin() + std::string(sim::KatapultApi::kBasePath), "",
                                 sim.ca_file(), {{"organization", {{"sub_domain", "polycloud-sim"}}}});
  config.token_command = helper.command();
  return sim.provider(config);
}

}  // namespace

TEST_CASE("katapult with token_command: 403 invalid_api_token fetches a fresh token once and the call succeeds") {
  test::SimulatedApi sim{test::api_accepting<sim::KatapultApi>(sim_token, sim::KatapultOptions{})};
  test::HelperScript helper{R"(if [ "$n" = 1 ]; then t=stale-helper-token-1; else t=katapult-sim-token; fi
printf '{"token": "%s", "expires_in": 3600}' "$t")"};
  auto provider = katapult_with(sim, helper);
  CHECK(!test::list_all(sim, *provider).empty());
  CHECK(helper.runs() == 2);
}

TEST_CASE("katapult with token_command: a token refused after the refresh ends as unauthenticated") {
  test::SimulatedApi sim{test::api_accepting<sim::KatapultApi>(sim_token, sim::KatapultOptions{})};
  test::HelperScript helper{R"(printf '{"token": "%s"}' stale-helper-token-1)"};
  auto provider = katapult_with(sim, helper);
  auto listed = test::try_list(sim, *provider);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::unauthenticated);
  CHECK(listed.error().provider == "kat");
  CHECK(listed.error().message.find("stale-helper-token") == std::string::npos);
  CHECK(helper.runs() == 2);
}
