// export_snapshot over fake providers: what lands in the file, history with --append, partial providers.
#include "inventory_fixtures.hpp"
#include "tests/fleet/cancel_support.hpp"

using namespace polycloud;
using namespace inventory_test;
using polycloud::testing::FakeProvider;

namespace {
Fleet two_providers() {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 3));
  fakes.push_back(fake_with("beta", 2));
  return fleet_of(std::move(fakes));
}
}  // namespace

TEST_CASE("export writes every VM with the neutral columns of to_json and marks the snapshot complete") {
  Dir dir;
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(std::make_unique<FakeProvider>("alpha"));
  Instance vm = make_instance("vm-1", "web-1", State::running, {{"role", "web"}});
  vm.raw_state = "active";
  vm.region = "fra1";
  vm.size = "small";
  vm.vcpus = 2;
  vm.memory_mib = 4096;
  vm.addresses = {{"203.0.113.5", Address::Visibility::public_, 4}, {"10.0.0.5", Address::Visibility::private_, 4}};
  vm.created_at = at(60);
  fakes.front()->add(vm);
  auto fleet = fleet_of(std::move(fakes));

  auto snapshot = export_at(fleet, dir.file(), at(3600), false);
  REQUIRE_MESSAGE(snapshot.has_value(), snapshot.error().to_string());
  CHECK(snapshot->complete);
  CHECK(snapshot->observed_at == at(3600));
  REQUIRE(snapshot->providers.size() == 1);
  CHECK(snapshot->providers[0].complete);
  CHECK(snapshot->providers[0].instances == 1);

  CHECK(query(dir.file(), "SELECT json_array(observed_at, provider, id, type, name, state, raw_state, region, zone, "
                          "size, vcpus, memory_mb, disk_gb, image, public_ips, private_ips, created_at, tags, raw) "
                          "FROM instances") ==
        std::vector<std::string>{R"(["2026-01-01T01:00:00Z","alpha","vm-1","fake","web-1","running","active","fra1",)"
                                 R"(null,"small",2,4096,null,null,"[\"203.0.113.5\"]","[\"10.0.0.5\"]",)"
                                 R"("2026-01-01T00:01:00Z","{\"role\":\"web\"}",null])"});
  CHECK(query(dir.file(), "SELECT status FROM snapshots") == std::vector<std::string>{"complete"});
  CHECK(query(dir.file(), "PRAGMA user_version") == std::vector<std::string>{"1"});
  CHECK(query(dir.file(), "SELECT value FROM meta WHERE key = 'schema_version'") == std::vector<std::string>{"1"});
}

TEST_CASE("export without append replaces the snapshot and with append keeps history by provider id and time") {
  Dir dir;
  auto fleet = two_providers();
  REQUIRE(export_at(fleet, dir.file(), at(0), false).has_value());
  REQUIRE(export_at(fleet, dir.file(), at(10), false).has_value());
  CHECK(query(dir.file(), "SELECT DISTINCT observed_at FROM instances") ==
        std::vector<std::string>{"2026-01-01T00:00:10Z"});

  REQUIRE(export_at(fleet, dir.file(), at(20), true).has_value());
  CHECK(query(dir.file(), "SELECT observed_at || ' ' || count(*) FROM instances GROUP BY observed_at ORDER BY 1") ==
        std::vector<std::string>{"2026-01-01T00:00:10Z 5", "2026-01-01T00:00:20Z 5"});
  CHECK(query(dir.file(), "SELECT observed_at FROM instances WHERE provider = 'alpha' AND id = 'alpha-0' ORDER BY 1") ==
        std::vector<std::string>{"2026-01-01T00:00:10Z", "2026-01-01T00:00:20Z"});
  auto listed = list_snapshots(dir.file());
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 2);
  CHECK(listed->back().providers.size() == 2);
}

TEST_CASE("an export at a second the file already holds moves to the second after its latest snapshot") {
  Dir dir;
  auto fleet = two_providers();
  REQUIRE(export_at(fleet, dir.file(), at(100)).has_value());
  auto same = export_at(fleet, dir.file(), at(100));
  REQUIRE(same.has_value());
  CHECK(same->observed_at == at(101));
  auto earlier = export_at(fleet, dir.file(), at(50));
  REQUIRE(earlier.has_value());
  CHECK(earlier->observed_at == at(102));
}

TEST_CASE("the raw column is filled only when the listing keeps raw objects") {
  Dir dir;
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(std::make_unique<FakeProvider>("alpha"));
  Instance vm = make_instance("vm-1", "web-1", State::running);
  vm.raw = boost::json::object{{"status", "ACTIVE"}};
  fakes.front()->add(vm);
  auto fleet = fleet_of(std::move(fakes));
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  SnapshotExportOptions options;
  options.list.list.raw = true;
  REQUIRE(export_at(fleet, dir.file(), at(1), true, options).has_value());
  CHECK(query(dir.file(), "SELECT coalesce(raw, 'NULL') FROM instances ORDER BY observed_at") ==
        std::vector<std::string>{"NULL", R"({"status":"ACTIVE"})"});
}

TEST_CASE("a provider whose listing fails is marked partial with its error while the others are complete") {
  Dir dir;
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 3));
  fakes.push_back(fake_with("beta", 2));
  fakes[1]->fail_next(Operation::list, make_error(ErrorKind::unavailable, "down for maintenance", "beta", "list"));
  auto fleet = fleet_of(std::move(fakes));
  auto snapshot = export_at(fleet, dir.file(), at(0));
  REQUIRE(snapshot.has_value());
  CHECK(snapshot->complete);
  REQUIRE(snapshot->providers.size() == 2);
  CHECK(snapshot->providers[0].complete);
  CHECK_FALSE(snapshot->providers[1].complete);
  REQUIRE(snapshot->providers[1].error.has_value());
  CHECK(snapshot->providers[1].error->kind == ErrorKind::unavailable);
  CHECK(query(dir.file(), "SELECT provider || ' ' || status || ' ' || instances || ' ' || coalesce(error_kind, '-') "
                          "FROM snapshot_providers ORDER BY provider") ==
        std::vector<std::string>{"alpha complete 3 -", "beta partial 0 unavailable"});
}

TEST_CASE("reaching the file size limit mid-export leaves no snapshot marked complete and keeps the previous one") {
  Dir dir;
  auto small = two_providers();
  REQUIRE(export_at(small, dir.file(), at(0), false).has_value());

  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 5000, 500));
  auto big = fleet_of(std::move(fakes));
  SnapshotExportOptions options;
  options.max_file_bytes = 256 * 1024;  // SQLite's max_page_count: the same failure as a full disk
  options.rows_per_transaction = 100;   // several commits succeed before the limit
  auto failed = export_at(big, dir.file(), at(10), false, options);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().kind == ErrorKind::unavailable);
  CHECK(failed.error().message.find("full") != std::string::npos);
  CHECK(failed.error().message.find("2026-01-01T00:00:10Z is not marked complete") != std::string::npos);
  CHECK(query(dir.file(), "SELECT observed_at || ' ' || status FROM snapshots ORDER BY 1") ==
        std::vector<std::string>{"2026-01-01T00:00:00Z complete", "2026-01-01T00:00:10Z writing"});
  CHECK(query(dir.file(), "SELECT count(*) FROM instances WHERE observed_at = '2026-01-01T00:00:00Z'") ==
        std::vector<std::string>{"5"});

  // The next export that completes drops the unfinished one.
  REQUIRE(export_at(small, dir.file(), at(20), true).has_value());
  CHECK(query(dir.file(), "SELECT observed_at || ' ' || status FROM snapshots ORDER BY 1") ==
        std::vector<std::string>{"2026-01-01T00:00:00Z complete", "2026-01-01T00:00:20Z complete"});
  CHECK(query(dir.file(), "SELECT count(*) FROM instances WHERE observed_at = '2026-01-01T00:00:10Z'") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("a cancelled export is no snapshot - it returns cancelled and leaves its snapshot unfinished") {
  Dir dir;
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 3));
  fakes.front()->set_delay(Operation::list, std::chrono::hours(1));  // suspends until the cancellation
  auto fleet = fleet_of(std::move(fakes));
  SnapshotExportOptions options;
  options.observed_at = at(0);
  auto cancelled = run_and_cancel([&]() { return export_snapshot(fleet, dir.file(), options); });
  REQUIRE_FALSE(cancelled.has_value());
  CHECK(cancelled.error().kind == ErrorKind::cancelled);
  CHECK(cancelled.error().message.find("is not marked complete") != std::string::npos);
  CHECK(query(dir.file(), "SELECT status FROM snapshots") == std::vector<std::string>{"writing"});
}
