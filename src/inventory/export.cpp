// export_snapshot: Fleet::list's pages straight into the file, one page in memory at a time.
#include "inventory/schema.hpp"
#include "inventory/snapshot_writer.hpp"

#include <polycloud/snapshot.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace polycloud {

boost::asio::awaitable<Result<SnapshotInfo>> export_snapshot(Fleet& fleet, std::filesystem::path file,
                                                             SnapshotExportOptions options) {
  auto db = inventory::open_for_writing(file);
  if (!db) co_return db.error();
  inventory::SnapshotWriter writer(**db, options);
  auto const now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (auto begun = writer.begin(options.observed_at.value_or(now)); !begun) co_return begun.error();
  // A write that fails (a full disk) stops the listing: racing it against a timer that only the failure
  // cancels, the listing is cancelled and awaited before the race returns.
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer failed(co_await boost::asio::this_coro::executor, boost::asio::steady_timer::time_point::max());
  // The sink runs on the fleet's executor, one page at a time: the inserts need no lock.
  PageSink sink = [&writer, &failed](std::string const& provider, std::vector<Instance>& page) {
    writer.add(provider, page);
    if (writer.failed()) failed.cancel();
  };
  auto outcome = co_await (fleet.list(options.list, std::move(sink)) ||
                           failed.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)));
  if (outcome.index() == 0) co_return writer.finish(std::get<0>(outcome));
  std::vector<ProviderListSummary> const none;  // (no braced temporary near a co_await: g++ 12, design.md)
  if (writer.failed()) co_return writer.finish(none);
  co_return writer.abandon(make_error(ErrorKind::cancelled, "the export was cancelled", {}, "export"));
}

}  // namespace polycloud
