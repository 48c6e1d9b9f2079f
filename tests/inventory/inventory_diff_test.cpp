// diff_snapshots: the events between two snapshots, and what a partial provider may never produce.
#include "inventory_fixtures.hpp"

#include <boost/json/serialize.hpp>

using namespace polycloud;
using namespace inventory_test;
using polycloud::testing::FakeProvider;

namespace {
/// One provider "alpha" holding `vms`, and "beta" with one VM; `beta_fails`: beta's listing fails.
Fleet fleet_with(std::vector<Instance> const& vms, bool beta_fails = false) {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(std::make_unique<FakeProvider>("alpha"));
  for (auto const& vm : vms) fakes[0]->add(vm);
  fakes.push_back(fake_with("beta", 1));
  if (beta_fails) fakes[1]->fail_next(Operation::list, make_error(ErrorKind::unavailable, "beta is down"));
  return fleet_of(std::move(fakes));
}

Instance vm(std::string id, std::string name, State state, std::string raw_state, std::string size = "small") {
  Instance instance = make_instance(std::move(id), std::move(name), state);
  instance.raw_state = std::move(raw_state);
  instance.size = std::move(size);
  return instance;
}
}  // namespace

TEST_CASE("diff reports added, removed, state and changed with the old values filled") {
  Dir dir;
  auto before = fleet_with({vm("a", "web-a", State::running, "active"), vm("b", "web-b", State::running, "active"),
                            vm("c", "web-c", State::running, "active")});
  auto after = fleet_with({vm("b", "web-b", State::stopped, "shutoff"), vm("c", "db-c", State::running, "active", "large"),
                           vm("d", "web-d", State::pending, "build")});
  REQUIRE(export_at(before, dir.file(), at(0)).has_value());
  REQUIRE(export_at(after, dir.file(), at(60)).has_value());

  auto const events = diff({dir.file(), at(0)}, {dir.file(), at(60)});
  CHECK(outline(events) == std::vector<std::string>{"removed alpha a", "state alpha b", "changed alpha c", "added alpha d"});
  REQUIRE(events.size() == 4);
  CHECK(events[0].instance->name == "web-a");  // the last known VM
  CHECK(events[1].from == State::running);
  CHECK(events[1].to == State::stopped);
  CHECK(events[1].raw_from == "active");
  CHECK(events[1].raw_to == "shutoff");
  CHECK(events[2].changes == std::vector<FieldChange>{{"name", "web-c", "db-c"}, {"size", "small", "large"}});
  CHECK(events[3].instance->name == "web-d");
  for (auto const& event : events) CHECK(event.observed_at == at(60));
  // The same line watch prints.
  CHECK(boost::json::serialize(to_json(events[2])).find(R"("changes":[{"field":"name","before":"web-c","after":"db-c"})") !=
        std::string::npos);
}

TEST_CASE("diff never reports a partial provider's VMs as removed and says provider_unavailable instead") {
  Dir dir;
  auto healthy = fleet_with({vm("a", "web-a", State::running, "active")});
  auto beta_down = fleet_with({vm("a", "web-a", State::running, "active")}, true);
  REQUIRE(export_at(healthy, dir.file(), at(0)).has_value());
  REQUIRE(export_at(beta_down, dir.file(), at(60)).has_value());
  REQUIRE(export_at(healthy, dir.file(), at(120)).has_value());

  auto const down = diff({dir.file(), at(0)}, {dir.file(), at(60)});
  CHECK(outline(down) == std::vector<std::string>{"provider_unavailable beta"});
  REQUIRE(down[0].error.has_value());
  CHECK(down[0].error->message == "beta is down");

  // Back: recovered, and its VM is not "added" (it was there all along, unseen).
  auto const back = diff({dir.file(), at(60)}, {dir.file(), at(120)});
  CHECK(outline(back) == std::vector<std::string>{"provider_recovered beta"});
  // Across the outage: nothing happened.
  CHECK(diff({dir.file(), at(0)}, {dir.file(), at(120)}).empty());
}

TEST_CASE("diff of a provider cut mid-listing reports the changes and additions it delivered and nothing it did not reach") {
  Dir dir;
  // Pages of 2: "a", "b" | "c", "d".
  auto const alpha = [](std::vector<Instance> const& vms, bool cut_after_first_page) {
    std::vector<std::unique_ptr<FakeProvider>> fakes;
    fakes.push_back(std::make_unique<FakeProvider>("alpha", 2));
    for (auto const& each : vms) fakes[0]->add(each);
    if (cut_after_first_page) fakes[0]->fail_after(Operation::list, 1, make_error(ErrorKind::unavailable, "alpha is down"));
    return fleet_of(std::move(fakes));
  };
  auto const running = [](std::string id) { return vm(id, "web-" + id, State::running, "active"); };
  auto before = alpha({running("a"), running("b"), running("c"), running("d")}, false);
  // Since: "a" stopped and renamed, "b" deleted, "e" created (listed where "b" was); the listing is cut
  // after its first page, so "c" and "d" are not in the snapshot.
  auto cut = alpha({vm("a", "db-a", State::stopped, "shutoff"), running("e"), running("c"), running("d")}, true);
  auto after = alpha({vm("a", "db-a", State::stopped, "shutoff"), running("e"), running("c"), running("d")}, false);
  REQUIRE(export_at(before, dir.file(), at(0)).has_value());
  auto const partial = export_at(cut, dir.file(), at(60));
  REQUIRE(partial.has_value());
  REQUIRE(partial->providers.size() == 1);
  CHECK_FALSE(partial->providers[0].complete);
  CHECK(partial->providers[0].instances == 2);  // the first page's rows are kept
  REQUIRE(export_at(after, dir.file(), at(120)).has_value());

  // Into the partial snapshot: what the first page shows, and no "removed" for b, c or d.
  CHECK(outline(diff({dir.file(), at(0)}, {dir.file(), at(60)})) ==
        std::vector<std::string>{"provider_unavailable alpha", "state alpha a", "changed alpha a", "added alpha e"});
  // Out of it: nothing "added" for c and d (there all along, unseen), nothing "removed" for b.
  CHECK(outline(diff({dir.file(), at(60)}, {dir.file(), at(120)})) == std::vector<std::string>{"provider_recovered alpha"});
  // Across it, both snapshots complete: b's deletion shows at last.
  CHECK(outline(diff({dir.file(), at(0)}, {dir.file(), at(120)})) ==
        std::vector<std::string>{"state alpha a", "changed alpha a", "removed alpha b", "added alpha e"});
}

TEST_CASE("diff treats a provider missing from the newer snapshot as unavailable, not as all removed") {
  Dir dir;
  auto fleet = fleet_with({vm("a", "web-a", State::running, "active")});
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  SnapshotExportOptions only_alpha;
  only_alpha.list.providers = {"alpha"};
  REQUIRE(export_at(fleet, dir.file(), at(60), true, only_alpha).has_value());
  CHECK(outline(diff({dir.file(), at(0)}, {dir.file(), at(60)})) == std::vector<std::string>{"provider_unavailable beta"});
}

TEST_CASE("diff of two files compares their latest complete snapshots and can select providers") {
  Dir dir;
  auto before = fleet_with({vm("a", "web-a", State::running, "active")});
  auto after = fleet_with({vm("a", "web-a", State::stopped, "shutoff")});
  REQUIRE(export_at(before, dir.file("old.db"), at(0), false).has_value());
  REQUIRE(export_at(after, dir.file("new.db"), at(0), false).has_value());
  CHECK(outline(diff({dir.file("old.db"), {}}, {dir.file("new.db"), {}})) == std::vector<std::string>{"state alpha a"});
  DiffOptions only_beta;
  only_beta.providers = {"beta"};
  CHECK(diff({dir.file("old.db"), {}}, {dir.file("new.db"), {}}, only_beta).empty());
}

TEST_CASE("latest_two picks the two newest complete snapshots of one file") {
  Dir dir;
  auto fleet = fleet_with({});
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  auto one = latest_two(dir.file());
  REQUIRE_FALSE(one.has_value());
  CHECK(one.error().kind == ErrorKind::not_found);
  REQUIRE(export_at(fleet, dir.file(), at(10)).has_value());
  REQUIRE(export_at(fleet, dir.file(), at(20)).has_value());
  auto two = latest_two(dir.file());
  REQUIRE(two.has_value());
  CHECK(two->first.at == at(10));
  CHECK(two->second.at == at(20));
}

TEST_CASE("diff refuses a snapshot time the file does not hold and names the times it holds") {
  Dir dir;
  auto fleet = fleet_with({});
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  auto refused = diff_snapshots({dir.file(), at(5)}, {dir.file(), at(0)}, [](InventoryEvent const&) {});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::not_found);
  CHECK(refused.error().message.find("no snapshot at 2026-01-01T00:00:05Z; complete snapshots: 2026-01-01T00:00:00Z") !=
        std::string::npos);
}

TEST_CASE("diff reads VMs listed twice in one snapshot once") {
  Dir dir;
  auto twice = fleet_with({vm("a", "web-a", State::running, "active"), vm("a", "web-a", State::running, "active")});
  auto once = fleet_with({vm("a", "web-a", State::running, "active")});
  REQUIRE(export_at(twice, dir.file(), at(0)).has_value());
  REQUIRE(export_at(once, dir.file(), at(10)).has_value());
  CHECK(diff({dir.file(), at(0)}, {dir.file(), at(10)}).empty());
}

TEST_CASE("parse_snapshot_time reads exactly the form snapshots are named by") {
  CHECK(parse_snapshot_time("2026-01-01T00:00:05Z") == at(5));
  CHECK(parse_snapshot_time(format_rfc3339(at(86399))) == at(86399));
  for (auto const* bad : {"2026-01-01T00:00:05", "2026-02-30T00:00:00Z", "2026-01-01 00:00:05Z", "2026-01-01T24:00:00Z",
                          "+026-01-01T00:00:05Z", ""})
    CHECK_FALSE(parse_snapshot_time(bad).has_value());
}
