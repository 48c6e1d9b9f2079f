#pragma once
// Inventory snapshots in an SQLite file, and the diff of two of them (docs/inventory.md, "Snapshots" and
// "Diff"). The database is a file: nothing to start. SQLite itself stays behind this header (link
// polycloud::inventory; no sqlite3 type appears here).
//
// export_snapshot streams Fleet::list's pages into the `instances` table (memory: one page plus SQLite's
// page cache, whatever the fleet's size), a transaction per `rows_per_transaction` rows, and marks the
// snapshot complete only in its last commit. diff_snapshots merge-joins two snapshots read in (provider,
// id) order and hands each InventoryEvent (inventory.hpp, the form `watch` prints) to a sink.

#include <polycloud/error.hpp>
#include <polycloud/fleet.hpp>
#include <polycloud/inventory.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud {

/// The schema version this library writes, and the newest it reads (PRAGMA user_version and the `meta`
/// table's `schema_version`). A file with a newer one is refused, never rewritten.
inline constexpr int inventory_schema_version = 1;

struct SnapshotExportOptions {
  SnapshotExportOptions() {}  // not an aggregate (see CallOptions in provider.hpp)

  FleetListOptions list;  ///< providers and filters; `list.list.raw` also fills the `raw` column
  /// false: the file keeps only this snapshot (older ones are deleted in the commit that completes it,
  /// so an export that fails leaves the previous snapshot in place); true: snapshots accumulate.
  bool append = false;
  std::size_t rows_per_transaction = 20'000;
  /// The snapshot's time; empty: now. Whole seconds: when the file already holds a snapshot at this
  /// second or later, the second after the latest is used, so times stay unique and ordered.
  std::optional<std::chrono::sys_seconds> observed_at;
  /// The file may not grow past this many bytes (SQLite's max_page_count); 0: no limit. Reaching it is
  /// the same failure as a full disk.
  std::uint64_t max_file_bytes = 0;
};

/// One provider's part of a snapshot.
struct SnapshotProvider {
  std::string provider;
  bool complete = false;       ///< its listing ended without error (false: "partial")
  std::size_t instances = 0;   ///< rows written for it
  std::optional<Error> error;  ///< why it is partial
};

struct SnapshotInfo {
  std::chrono::sys_seconds observed_at{};
  bool complete = false;  ///< false: the export that wrote it did not reach its last commit
  std::vector<SnapshotProvider> providers;  ///< in name order
};

/// Lists the selected providers into `file` (created if missing). The result is the snapshot written,
/// complete, its providers partial where their listing failed. An error (the file is not SQLite or has
/// a newer schema, cannot be written, the disk filled up) leaves no snapshot marked complete.
boost::asio::awaitable<Result<SnapshotInfo>> export_snapshot(Fleet& fleet, std::filesystem::path file,
                                                             SnapshotExportOptions options = SnapshotExportOptions());

/// The snapshots in `file`, oldest first, complete or not. Opens it read-only.
Result<std::vector<SnapshotInfo>> list_snapshots(std::filesystem::path const& file);

/// One side of a diff: a file and a snapshot time in it (empty: its latest complete snapshot).
struct SnapshotRef {
  std::filesystem::path file;
  std::optional<std::chrono::sys_seconds> at;
};

struct DiffOptions {
  DiffOptions() {}
  std::vector<std::string> providers;  ///< only these providers; empty: every provider of either snapshot
};

/// Compares snapshot `from` with snapshot `to`, calling `sink` once per event, provider by provider in name
/// order, VMs in id order; events carry `to`'s observed_at. A provider is "complete" in a snapshot when its
/// listing there ended without error; one that failed, or is not in the snapshot at all, is not.
/// - `to` not complete: provider_unavailable first; `to` complete but `from` not: provider_recovered first;
/// - state and changed (before and after filled) for every VM in both;
/// - added only when `from` is complete (a VM missing from a partial `from` may have been there unseen);
/// - removed (with the last known instance) only when both are complete: a failed listing never
///   reports its provider's VMs as gone.
/// Memory: one row of each side at a time. `from` and `to` may name the same file.
Result<void> diff_snapshots(SnapshotRef const& from, SnapshotRef const& to,
                            std::function<void(InventoryEvent const&)> const& sink, DiffOptions const& options = DiffOptions());

/// "2024-04-19T15:02:04Z", the form snapshots are stored and printed in (format_rfc3339); nullopt otherwise.
std::optional<std::chrono::sys_seconds> parse_snapshot_time(std::string_view text) noexcept;

/// Which two snapshots a one-file diff compares by default: the two latest complete ones. An error
/// (not_found) when the file holds fewer than two.
Result<std::pair<SnapshotRef, SnapshotRef>> latest_two(std::filesystem::path const& file);

}  // namespace polycloud
