// Katapult's large_set hides the totals, so the pager fetches pages ahead speculatively until the first
// short page (issue 21, item 4). Against the simulator over loopback TLS: every VM once and in order at
// exact page counts, a failure mid-window ends the listing with nothing after it, and the requests sent
// past the end, counted at the simulator, stay within the window.
#include "simulated_katapult.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult::test;

namespace {

constexpr std::size_t per_page = 10;
constexpr int window = 4;

sim::KatapultOptions large_set_of(std::size_t instances) {
  sim::KatapultOptions options;
  options.instances = instances;
  options.always_large_set = true;  // no totals, however short the list
  return options;
}

boost::json::object paged_settings() {
  return {{"organization", {{"sub_domain", "polycloud-sim"}}},
          {"per_page", static_cast<std::int64_t>(per_page)},
          {"list_concurrency", window}};
}

}  // namespace

TEST_CASE("katapult large set: exact page counts list every VM once in order - at most window-1 pages past the end") {
  // N full pages end with an empty page N+1; one VM more makes page N+1 short; 0 and 1 VMs end at page 1.
  for (std::size_t instances : {5 * per_page, 5 * per_page + 1, std::size_t{0}, std::size_t{1}, 20 * per_page}) {
    CAPTURE(instances);
    SimulatedKatapult sim(large_set_of(instances));
    auto provider = sim.provider(paged_settings());
    check_complete_in_order(sim, polycloud::test::list_all(sim, *provider), instances);
    // The Runner drains the context: the pages fetched past the end have been answered and dropped.
    auto const needed = instances / per_page + 1;  // the pages up to and with the first short one
    auto const sent = sim.stats().requests_for(list_route);
    CHECK(sent >= needed);
    CHECK(sent <= needed + window - 1);
    if (instances <= 1) CHECK(sent == 1);  // a short first page fetches nothing ahead
  }
}

TEST_CASE("katapult large set: pages are in flight together up to list_concurrency") {
  SimulatedKatapult sim(large_set_of(30 * per_page), 50ms);
  auto provider = sim.provider(paged_settings());
  check_complete_in_order(sim, polycloud::test::list_all(sim, *provider), 30 * per_page);
  auto const most = sim.stats().most_in_progress_for(list_route);
  CHECK(most >= 2);
  CHECK(most <= window);
}

TEST_CASE("katapult large set: a failure mid-window ends the listing with its error and nothing after it") {
  // VM 36 is malformed: page 4 fails while later pages are fetched ahead of it; pages 1-3 were delivered.
  auto options = large_set_of(20 * per_page);
  options.malformed_item = 35;
  SimulatedKatapult sim(options);
  auto provider = sim.provider(paged_settings());
  auto listed = list_until_end(sim, *provider);
  REQUIRE(listed.error);
  CHECK(listed.error->kind == ErrorKind::protocol);
  CHECK(listed.error->message.find("created_at") != std::string::npos);
  CHECK(listed.ids == first_generated(sim, 3 * per_page));
  // Page 4 and what was fetched ahead of its turn, not the other 16 pages.
  CHECK(sim.stats().requests_for(list_route) <= 4 + 2 * window);
}

TEST_CASE("katapult large set: a detailed listing fetches ahead too - one get per VM and none past the end") {
  SimulatedKatapult sim(large_set_of(7 * per_page + 3), 5ms);
  auto provider = sim.provider(paged_settings());
  ListOptions detailed;
  detailed.detail = true;
  auto vms = polycloud::test::list_all(sim, *provider, detailed);
  check_complete_in_order(sim, vms, 7 * per_page + 3);
  for (auto const& vm : vms) CHECK(vm.state != State::unknown);
  CHECK(sim.stats().requests_for(get_route) == 7 * per_page + 3);
}
