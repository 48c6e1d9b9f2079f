#pragma once
// The inventory file's schema (version polycloud::inventory_schema_version, docs/inventory.md "Snapshots")
// and the checks every open makes before reading or writing it.

#include "inventory/database.hpp"

#include <polycloud/snapshot.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::inventory {

/// Opens `file` for an export: creates it, or the schema in an empty SQLite file. Refused: a file that
/// is not SQLite, an SQLite file that is not an inventory (tables, but none of ours), a newer schema,
/// a read-only file or directory.
Result<std::unique_ptr<Database>> open_for_writing(std::filesystem::path const& file);
/// Opens an existing inventory read-only; the same refusals, and a missing file is not_found.
Result<std::unique_ptr<Database>> open_for_reading(std::filesystem::path const& file, std::string operation);

/// Every snapshot of the file, oldest first, with its providers.
Result<std::vector<SnapshotInfo>> read_snapshots(Database& db);

/// The snapshot at `at`, or the latest complete one when `at` is empty. not_found names the times the
/// file holds; a snapshot whose export never finished is refused by name.
Result<SnapshotInfo> resolve_snapshot(Database& db, std::optional<std::chrono::sys_seconds> at);

}  // namespace polycloud::inventory
