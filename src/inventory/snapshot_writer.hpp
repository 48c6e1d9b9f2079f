#pragma once
// Writes one snapshot: the `snapshots` row first (status "writing", committed at once), the instances
// in transactions of a bounded number of rows as pages arrive, then one last transaction that records
// each provider's outcome, drops what the snapshot replaces and marks it "complete". Whatever fails
// before that last commit leaves the snapshot "writing", which no diff reads.

#include "inventory/database.hpp"

#include <polycloud/fleet.hpp>
#include <polycloud/snapshot.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::inventory {

class SnapshotWriter {
 public:
  SnapshotWriter(Database& db, SnapshotExportOptions const& options) : db_(db), options_(options) {}

  /// Applies the connection settings and writes the "writing" row, at `wanted` or after the latest.
  Result<void> begin(std::chrono::sys_seconds wanted);
  /// One page of one provider. After a failure the rest is ignored (the listing cannot be stopped
  /// early); finish() reports it.
  void add(std::string const& provider, std::vector<Instance> const& page);
  /// Commits the last rows and marks the snapshot complete, or returns the first failure.
  Result<SnapshotInfo> finish(std::vector<ProviderListSummary> const& summaries);
  /// A write failed: the listing may stop, nothing more will be written.
  bool failed() const noexcept { return failure_.has_value(); }
  /// Ends the snapshot unfinished with `error` (the export was cancelled).
  Error abandon(Error error) const { return not_complete(std::move(error)); }

 private:
  Result<void> write(std::string const& provider, Instance const& instance);
  Result<void> complete(std::vector<ProviderListSummary> const& summaries);
  Error not_complete(Error error) const;

  Database& db_;
  SnapshotExportOptions const& options_;
  std::chrono::sys_seconds observed_at_{};
  std::string observed_text_;
  std::optional<Statement> insert_;
  bool in_transaction_ = false;
  std::size_t rows_in_transaction_ = 0;
  std::map<std::string, std::size_t> rows_;  ///< per provider
  std::optional<Error> failure_;
};

}  // namespace polycloud::inventory
