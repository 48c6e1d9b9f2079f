#pragma once
// Shared by the inventory tests: fleets of fake providers exported at chosen times into a temp file,
// the events of a diff collected, and SQL run on the file as a user would.
#include "tests/core/run_coro.hpp"
#include "tests/fleet/fleet_fixtures.hpp"

#include "sim/temp_dir.hpp"

#include <polycloud/snapshot.hpp>

#include <sqlite3.h>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

namespace inventory_test {

using namespace std::chrono_literals;

/// 2026-01-01T00:00:00Z plus `seconds`.
inline std::chrono::sys_seconds at(int seconds) {
  return std::chrono::sys_days(std::chrono::year(2026) / 1 / 1) + std::chrono::seconds(seconds);
}

struct Dir {
  polycloud::sim::TempDir dir{"polycloud-inventory-"};
  std::filesystem::path file(std::string const& name = "inventory.db") const { return dir.path() / name; }
};

inline polycloud::Result<polycloud::SnapshotInfo> export_at(polycloud::Fleet& fleet, std::filesystem::path const& file,
                                                            std::chrono::sys_seconds time, bool append = true,
                                                            polycloud::SnapshotExportOptions options = {}) {
  options.observed_at = time;
  options.append = append;
  return run_coro([&]() { return polycloud::export_snapshot(fleet, file, options); });
}

inline std::vector<polycloud::InventoryEvent> diff(polycloud::SnapshotRef const& from, polycloud::SnapshotRef const& to,
                                                   polycloud::DiffOptions const& options = {}) {
  std::vector<polycloud::InventoryEvent> events;
  auto done = polycloud::diff_snapshots(from, to, [&](polycloud::InventoryEvent const& event) { events.push_back(event); },
                                        options);
  REQUIRE_MESSAGE(done.has_value(), done.error().to_string());
  return events;
}

/// The first column of every row `sql` returns, as text ("NULL" for null).
inline std::vector<std::string> query(std::filesystem::path const& file, std::string const& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  std::vector<std::string> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    auto const* text = sqlite3_column_text(statement, 0);
    rows.emplace_back(text ? reinterpret_cast<char const*>(text) : "NULL");
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

/// Runs statements on the file (setting up a damaged or foreign file).
inline void execute(std::filesystem::path const& file, std::string const& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  REQUIRE_MESSAGE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  sqlite3_close(db);
}

/// "kind provider id" per event, the shape most tests compare.
inline std::vector<std::string> outline(std::vector<polycloud::InventoryEvent> const& events) {
  std::vector<std::string> lines;
  for (auto const& event : events)
    lines.push_back(std::string(polycloud::to_string(event.kind)) + " " + event.provider + (event.id.empty() ? "" : " " + event.id));
  return lines;
}

}  // namespace inventory_test
