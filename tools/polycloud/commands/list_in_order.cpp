#include "commands/list_in_order.hpp"

#include "output/in_order_writer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace polycloud::cli {

namespace {
namespace asio = boost::asio;

/// One provider's listing: its records go to the writer as source `index`, which it then finishes.
asio::awaitable<ProviderListSummary> list_one(Fleet& fleet, FleetListOptions options, std::size_t index,
                                              InOrderWriter& writer, RecordPrinter& printer) {
  bool const raw = options.list.raw;
  Record record;  // one for every VM: its room is reused
  auto summaries = co_await fleet.list(std::move(options), [&](std::string const&, std::vector<Instance>& page) {
    for (auto const& instance : page) {
      fill_instance_record(record, instance, raw);
      writer.add(index, printer.record_text(record));
    }
    printer.flush();
  });
  writer.finish(index);
  printer.flush();
  co_return std::move(summaries.front());
}
}  // namespace

asio::awaitable<std::vector<ProviderListSummary>> list_in_order(Fleet& fleet, FleetListOptions options,
                                                                std::vector<std::string> names,
                                                                RecordPrinter& printer) {
  InOrderWriter writer(names.size(), RunOutput{printer.between(), [&](std::size_t records) { printer.start_run(records); },
                                               [&](std::string_view text) { printer.write_text(text); }});
  auto executor = co_await asio::this_coro::executor;
  using Task = decltype(asio::co_spawn(executor, list_one(fleet, options, 0, writer, printer), asio::deferred));
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto one = options;
    one.providers = {names[i]};
    tasks.push_back(asio::co_spawn(executor, list_one(fleet, std::move(one), i, writer, printer), asio::deferred));
  }
  auto [order, exceptions, results] = co_await asio::experimental::make_parallel_group(std::move(tasks))
                                          .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  (void)order;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!exceptions[i]) continue;
    // Fleet::list turns an adapter's exception into an error; anything else is a bug here.
    results[i] = {names[i], make_error(ErrorKind::provider_internal, "listing failed unexpectedly", names[i], "list")};
    writer.finish(i);  // what the providers after it kept is still printed
  }
  co_return std::move(results);
}

}  // namespace polycloud::cli
