// export_snapshot: Fleet::list's pages straight into the file, one page in memory at a time.
#include "inventory/schema.hpp"
#include "inventory/snapshot_writer.hpp"

#include <polycloud/snapshot.hpp>

namespace polycloud {

boost::asio::awaitable<Result<SnapshotInfo>> export_snapshot(Fleet& fleet, std::filesystem::path file,
                                                             SnapshotExportOptions options) {
  auto db = inventory::open_for_writing(file);
  if (!db) co_return db.error();
  inventory::SnapshotWriter writer(**db, options);
  auto const now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (auto begun = writer.begin(options.observed_at.value_or(now)); !begun) co_return begun.error();
  // The sink runs on the fleet's executor, one page at a time: the inserts need no lock.
  PageSink sink = [&writer](std::string const& provider, std::vector<Instance>& page) { writer.add(provider, page); };
  auto const summaries = co_await fleet.list(options.list, std::move(sink));
  co_return writer.finish(summaries);
}

}  // namespace polycloud
