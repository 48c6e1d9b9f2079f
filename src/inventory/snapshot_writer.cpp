#include "inventory/snapshot_writer.hpp"

#include "inventory/instance_row.hpp"

#include <algorithm>

namespace polycloud::inventory {

Result<void> SnapshotWriter::begin(std::chrono::sys_seconds wanted) {
  // 8 MiB of page cache (SQLite's default is 2): a transaction's pages mostly stay in memory until its
  // commit, within the export's bound of 64 MiB.
  if (auto set = db_.exec("PRAGMA cache_size = -8192"); !set) return set;
  if (options_.max_file_bytes > 0) {
    auto page_size = db_.integer("PRAGMA page_size");
    if (!page_size) return page_size.error();
    auto const pages = std::max<std::uint64_t>(1, options_.max_file_bytes / static_cast<std::uint64_t>(*page_size));
    if (auto set = db_.exec("PRAGMA max_page_count = " + std::to_string(pages)); !set) return set;
  }
  auto latest = db_.prepare("SELECT max(observed_at) FROM snapshots");
  if (!latest) return latest.error();
  if (auto row = latest->step(); !row) return row.error();
  observed_at_ = wanted;
  if (!latest->is_null(0))
    if (auto const last = parse_snapshot_time(latest->text(0)); last && *last >= observed_at_)
      observed_at_ = *last + std::chrono::seconds(1);
  latest->reset();  // ends its read before the write below
  observed_text_ = format_rfc3339(observed_at_);
  auto writing = db_.prepare("INSERT INTO snapshots (observed_at, status) VALUES (?1, 'writing')");
  if (!writing) return writing.error();
  writing->bind(1, observed_text_);
  if (auto done = writing->step(); !done) return done.error();
  auto insert = db_.prepare(insert_instance_sql);
  if (!insert) return insert.error();
  insert_ = std::move(*insert);
  return {};
}

void SnapshotWriter::add(std::string const& provider, std::vector<Instance> const& page) {
  for (auto const& instance : page) {
    if (failure_) return;
    if (auto written = write(provider, instance); !written) {
      failure_ = written.error();
      if (in_transaction_) (void)db_.exec("ROLLBACK");  // may fail too (the disk is full): the error stands
      in_transaction_ = false;
    }
  }
}

Result<void> SnapshotWriter::write(std::string const& provider, Instance const& instance) {
  if (!in_transaction_) {
    if (auto begun = db_.exec("BEGIN"); !begun) return begun;
    in_transaction_ = true;
  }
  bind_instance(*insert_, observed_text_, instance, options_.list.list.raw);
  auto inserted = insert_->step();
  insert_->reset();
  if (!inserted) return inserted.error();
  ++rows_[provider];
  if (++rows_in_transaction_ >= std::max<std::size_t>(1, options_.rows_per_transaction)) {
    in_transaction_ = false;
    rows_in_transaction_ = 0;
    return db_.exec("COMMIT");
  }
  return {};
}

Error SnapshotWriter::not_complete(Error error) const {
  error.message += "; the snapshot at " + observed_text_ + " is not marked complete";
  return error;
}

Result<SnapshotInfo> SnapshotWriter::finish(std::vector<ProviderListSummary> const& summaries) {
  // An interrupted export is not a snapshot with every provider partial: it is no snapshot.
  for (auto const& summary : summaries)
    if (!summary.delivered && summary.delivered.error().kind == ErrorKind::cancelled && !failure_)
      failure_ = summary.delivered.error();
  if (!failure_ && in_transaction_) {
    in_transaction_ = false;
    if (auto committed = db_.exec("COMMIT"); !committed) failure_ = committed.error();
  }
  if (!failure_)
    if (auto completed = complete(summaries); !completed) {
      (void)db_.exec("ROLLBACK");
      failure_ = completed.error();
    }
  if (failure_) return not_complete(*failure_);

  SnapshotInfo info{observed_at_, true, {}};
  for (auto const& summary : summaries) {
    SnapshotProvider provider{summary.provider, summary.delivered.has_value(), rows_[summary.provider], {}};
    if (!summary.delivered) provider.error = summary.delivered.error();
    info.providers.push_back(std::move(provider));
  }
  std::sort(info.providers.begin(), info.providers.end(),
            [](auto const& a, auto const& b) { return a.provider < b.provider; });
  return info;
}

Result<void> SnapshotWriter::complete(std::vector<ProviderListSummary> const& summaries) {
  if (auto begun = db_.exec("BEGIN"); !begun) return begun;
  auto provider = db_.prepare(
      "INSERT OR REPLACE INTO snapshot_providers (observed_at, provider, status, instances, error_kind, error_message) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!provider) return provider.error();
  for (auto const& summary : summaries) {
    provider->bind(1, observed_text_);
    provider->bind(2, summary.provider);
    provider->bind(3, summary.delivered ? "complete" : "partial");
    provider->bind(4, static_cast<std::int64_t>(rows_[summary.provider]));
    if (summary.delivered) {
      provider->bind_null(5);
      provider->bind_null(6);
    } else {
      provider->bind(5, to_string(summary.delivered.error().kind));
      provider->bind(6, summary.delivered.error().message);
    }
    auto done = provider->step();
    provider->reset();
    if (!done) return done.error();
  }
  // What this snapshot replaces: every other one without --append, else the unfinished ones (an
  // earlier export that failed), which nothing reads.
  std::string const replaced = std::string("SELECT observed_at FROM snapshots WHERE observed_at <> ?1") +
                               (options_.append ? " AND status <> 'complete'" : "");
  for (auto const* table : {"instances", "snapshot_providers", "snapshots"}) {
    auto drop = db_.prepare(std::string("DELETE FROM ") + table + " WHERE observed_at IN (" + replaced + ")");
    if (!drop) return drop.error();
    drop->bind(1, observed_text_);
    if (auto done = drop->step(); !done) return done.error();
  }
  auto mark = db_.prepare(
      "UPDATE snapshots SET status = 'complete', completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
      "WHERE observed_at = ?1");
  if (!mark) return mark.error();
  mark->bind(1, observed_text_);
  if (auto done = mark->step(); !done) return done.error();
  return db_.exec("COMMIT");
}

}  // namespace polycloud::inventory
