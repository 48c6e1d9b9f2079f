// Files an export or a diff must refuse, each with an error that says what is wrong.
#include "inventory_fixtures.hpp"

#include <fstream>

#include <unistd.h>

using namespace polycloud;
using namespace inventory_test;

namespace {
Fleet one_provider() {
  std::vector<std::unique_ptr<polycloud::testing::FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 2));
  return fleet_of(std::move(fakes));
}

std::string contents(std::filesystem::path const& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST_CASE("a file that is not SQLite is refused by export and diff and left unchanged") {
  Dir dir;
  std::ofstream(dir.file()) << "name,state\nweb-1,running\n";
  auto fleet = one_provider();
  auto exported = export_at(fleet, dir.file(), at(0));
  REQUIRE_FALSE(exported.has_value());
  CHECK(exported.error().kind == ErrorKind::config);
  CHECK(exported.error().message.find("is not an SQLite database") != std::string::npos);
  CHECK(contents(dir.file()) == "name,state\nweb-1,running\n");
  auto listed = list_snapshots(dir.file());
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().message.find("is not an SQLite database") != std::string::npos);
}

TEST_CASE("an inventory with a newer schema version is refused and left unchanged") {
  Dir dir;
  auto fleet = one_provider();
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  execute(dir.file(), "PRAGMA user_version = 2");
  auto const before = contents(dir.file());
  auto exported = export_at(fleet, dir.file(), at(10));
  REQUIRE_FALSE(exported.has_value());
  CHECK(exported.error().kind == ErrorKind::config);
  CHECK(exported.error().message.find("has inventory schema version 2; this polycloud reads versions up to 1") !=
        std::string::npos);
  CHECK(contents(dir.file()) == before);
  auto diffed = diff_snapshots({dir.file(), {}}, {dir.file(), {}}, [](InventoryEvent const&) {});
  REQUIRE_FALSE(diffed.has_value());
  CHECK(diffed.error().message.find("schema version 2") != std::string::npos);
}

TEST_CASE("an SQLite file of another application is not written to") {
  Dir dir;
  execute(dir.file(), "CREATE TABLE accounts (id INTEGER)");
  auto fleet = one_provider();
  auto exported = export_at(fleet, dir.file(), at(0));
  REQUIRE_FALSE(exported.has_value());
  CHECK(exported.error().message.find("is an SQLite database but not a polycloud inventory") != std::string::npos);
  CHECK(query(dir.file(), "SELECT name FROM sqlite_schema") == std::vector<std::string>{"accounts"});
}

TEST_CASE("a path that cannot be written is refused before anything is listed") {
  Dir dir;
  auto fleet = one_provider();
  // Permission bits do not bind root (the usual CI user here): /proc/self takes no new file from anyone.
  std::filesystem::path target = "/proc/self/inventory.db";
  if (::geteuid() != 0) {
    std::filesystem::create_directory(dir.file("locked"));
    std::filesystem::permissions(dir.file("locked"), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    target = dir.file("locked") / "inventory.db";
  }
  auto exported = export_at(fleet, target, at(0));
  REQUIRE_FALSE(exported.has_value());
  CHECK(exported.error().kind == ErrorKind::config);
  CHECK(exported.error().message.find(target.string() + ": cannot create or write the file there") != std::string::npos);
  CHECK(dynamic_cast<polycloud::testing::FakeProvider*>(fleet.provider("alpha").value())->calls(Operation::list) == 0);
  if (::geteuid() != 0) std::filesystem::permissions(dir.file("locked"), std::filesystem::perms::owner_all);
}

TEST_CASE("an inventory file that cannot be written is refused as read-only") {
  if (::geteuid() == 0) return;  // root writes any file whatever its mode
  Dir dir;
  auto fleet = one_provider();
  REQUIRE(export_at(fleet, dir.file(), at(0)).has_value());
  std::filesystem::permissions(dir.file(), std::filesystem::perms::owner_read);
  auto exported = export_at(fleet, dir.file(), at(10));
  REQUIRE_FALSE(exported.has_value());
  CHECK(exported.error().message.find("is read-only") != std::string::npos);
}

TEST_CASE("diff of a missing file is not_found naming it") {
  Dir dir;
  auto diffed = diff_snapshots({dir.file("absent.db"), {}}, {dir.file("absent.db"), {}}, [](InventoryEvent const&) {});
  REQUIRE_FALSE(diffed.has_value());
  CHECK(diffed.error().kind == ErrorKind::not_found);
  CHECK(diffed.error().message == dir.file("absent.db").string() + ": no such file");
}
