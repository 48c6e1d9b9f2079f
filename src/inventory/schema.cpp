#include "inventory/schema.hpp"

#include <map>

namespace polycloud::inventory {

namespace {

// Version 1. A change to any table is a new version: the number goes up, readers refuse what they do
// not know, and docs/inventory.md documents both.
//
// `instances` is a rowid table appended to in listing order, with no key index: a unique index over
// (provider, id, observed_at) would take its entries in random order (VM ids are not listed sorted),
// and at a million VMs that made an export 10x slower than the listing (measured: 60 s against 5 s).
// One snapshot's rows are found through `instances_by_snapshot`, whose entries arrive in order; a diff
// sorts them by (provider, id) as it reads.
constexpr char const* create_schema = R"sql(
BEGIN;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1'), ('application', 'polycloud');
CREATE TABLE snapshots (
  observed_at  TEXT PRIMARY KEY,
  status       TEXT NOT NULL CHECK (status IN ('writing', 'complete')),
  completed_at TEXT
);
CREATE TABLE snapshot_providers (
  observed_at   TEXT NOT NULL,
  provider      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('complete', 'partial')),
  instances     INTEGER NOT NULL,
  error_kind    TEXT,
  error_message TEXT,
  PRIMARY KEY (observed_at, provider)
);
CREATE TABLE instances (
  observed_at TEXT NOT NULL,
  provider    TEXT NOT NULL,
  id          TEXT NOT NULL,
  type        TEXT NOT NULL,
  name        TEXT,
  state       TEXT NOT NULL,
  raw_state   TEXT,
  region      TEXT,
  zone        TEXT,
  size        TEXT,
  vcpus       INTEGER,
  memory_mb   INTEGER,
  disk_gb     INTEGER,
  image       TEXT,
  public_ips  TEXT NOT NULL,
  private_ips TEXT NOT NULL,
  created_at  TEXT,
  tags        TEXT NOT NULL,
  raw         TEXT
);
CREATE INDEX instances_by_snapshot ON instances (observed_at);
PRAGMA user_version = 1;
COMMIT;
)sql";

/// The version check both opens make; `tables` is how many tables the file has.
Result<std::int64_t> checked_version(Database& db) {
  auto version = db.integer("PRAGMA user_version");  // the first read: a file that is not SQLite fails here
  if (!version) return version.error();
  if (*version > inventory_schema_version)
    return db.error(ErrorKind::config, " has inventory schema version " + std::to_string(*version) +
                                           "; this polycloud reads versions up to " +
                                           std::to_string(inventory_schema_version) +
                                           ": use a newer polycloud (the file is left unchanged)");
  if (*version == 0) {
    auto tables = db.integer("SELECT count(*) FROM sqlite_schema");
    if (!tables) return tables.error();
    if (*tables > 0) return db.error(ErrorKind::config, " is an SQLite database but not a polycloud inventory");
  }
  return *version;
}

std::optional<ErrorKind> error_kind_named(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ErrorKind::config); ++i)
    if (to_string(static_cast<ErrorKind>(i)) == name) return static_cast<ErrorKind>(i);
  return std::nullopt;
}

std::string times_held(std::vector<SnapshotInfo> const& snapshots) {
  std::string held;
  for (auto const& snapshot : snapshots)
    if (snapshot.complete) held += (held.empty() ? "" : ", ") + format_rfc3339(snapshot.observed_at);
  return held.empty() ? "no complete snapshot" : held;
}

}  // namespace

Result<std::unique_ptr<Database>> open_for_writing(std::filesystem::path const& file) {
  auto db = Database::open(file, Database::Mode::read_write_create, "export");
  if (!db) return db.error();
  auto version = checked_version(**db);
  if (!version) return version.error();
  if (*version == 0)
    if (auto created = (*db)->exec(create_schema); !created) return created.error();
  return db;
}

Result<std::unique_ptr<Database>> open_for_reading(std::filesystem::path const& file, std::string operation) {
  auto db = Database::open(file, Database::Mode::read_only, std::move(operation));
  if (!db) return db.error();
  auto version = checked_version(**db);
  if (!version) return version.error();
  if (*version == 0) return (*db)->error(ErrorKind::not_found, " holds no snapshot (an empty SQLite file)");
  return db;
}

Result<std::vector<SnapshotInfo>> read_snapshots(Database& db) {
  auto snapshots = db.prepare("SELECT observed_at, status FROM snapshots ORDER BY observed_at");
  if (!snapshots) return snapshots.error();
  std::vector<SnapshotInfo> out;
  std::map<std::string, std::size_t, std::less<>> by_time;
  for (;;) {
    auto row = snapshots->step();
    if (!row) return row.error();
    if (!*row) break;
    auto const time = parse_snapshot_time(snapshots->text(0));
    if (!time)
      return db.error(ErrorKind::config, " is damaged: snapshot time \"" + std::string(snapshots->text(0)) + "\"");
    by_time.emplace(std::string(snapshots->text(0)), out.size());
    out.push_back({*time, snapshots->text(1) == "complete", {}});
  }
  auto providers = db.prepare(
      "SELECT observed_at, provider, status, instances, error_kind, error_message FROM snapshot_providers "
      "ORDER BY observed_at, provider");
  if (!providers) return providers.error();
  for (;;) {
    auto row = providers->step();
    if (!row) return row.error();
    if (!*row) break;
    auto const found = by_time.find(providers->text(0));
    if (found == by_time.end()) continue;
    SnapshotProvider provider;
    provider.provider = providers->text(1);
    provider.complete = providers->text(2) == "complete";
    provider.instances = static_cast<std::size_t>(providers->integer(3));
    if (!providers->is_null(4))
      provider.error = make_error(error_kind_named(providers->text(4)).value_or(ErrorKind::provider_internal),
                                  std::string(providers->text(5)), provider.provider, "list");
    out[found->second].providers.push_back(std::move(provider));
  }
  return out;
}

Result<SnapshotInfo> resolve_snapshot(Database& db, std::optional<std::chrono::sys_seconds> at) {
  auto snapshots = read_snapshots(db);
  if (!snapshots) return snapshots.error();
  if (!at) {
    for (auto it = snapshots->rbegin(); it != snapshots->rend(); ++it)
      if (it->complete) return *it;
    return db.error(ErrorKind::not_found, " holds no complete snapshot");
  }
  for (auto const& snapshot : *snapshots) {
    if (snapshot.observed_at != *at) continue;
    if (snapshot.complete) return snapshot;
    return db.error(ErrorKind::not_found, ": the snapshot at " + format_rfc3339(*at) +
                                              " is not complete (its export failed or was interrupted); "
                                              "complete snapshots: " + times_held(*snapshots));
  }
  return db.error(ErrorKind::not_found,
                  ": no snapshot at " + format_rfc3339(*at) + "; complete snapshots: " + times_held(*snapshots));
}

}  // namespace polycloud::inventory
