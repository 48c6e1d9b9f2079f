#pragma once
// Fleet's private state, shared by the fleet's source files.
#include <polycloud/create_journal.hpp>
#include <polycloud/fleet.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace polycloud {

struct Fleet::Impl {
  /// Configuration order. Shared: a watch's polls keep theirs until they end, past the fleet if it is
  /// dropped first (watch_stream.cpp).
  std::vector<std::shared_ptr<Provider>> providers;
  std::map<std::string, Aliases> aliases;             ///< by provider name, from the config (none for from_providers)
  std::shared_ptr<CreateJournal> journal;             ///< keyed creates' journal; null: journal-less
  /// Each configured provider's rate_limit_per_minute (or per second x 60, the stricter): what a watch
  /// budgets by default (watch.hpp). Only for a fleet made from a Config.
  std::map<std::string, double> configured_per_minute;
  std::vector<UnusableProvider> unusable;  ///< Fleet::unusable()
};

/// A provider that throws has a bug; the others' results still count: its exception as an Error.
Error thrown_error(std::exception_ptr const& thrown, std::string const& provider, std::string operation);

namespace fleet_detail {

/// Selection order, each name once (naming a provider twice must not list it twice); empty: every provider.
std::vector<std::string> selected_names(Fleet const& fleet, std::vector<std::string> names);

/// Runs `drain(provider)` (an awaitable Result<std::size_t>: what it delivered) for each of `names`
/// concurrently, so a slow or failing provider neither blocks nor hides the others: one summary per
/// name, in order; an unknown name gets its config error and is not run.
template <class Drain>
boost::asio::awaitable<std::vector<ProviderListSummary>> fan_out(Fleet const& fleet, std::vector<std::string> names,
                                                                 Drain drain, std::string operation) {
  namespace asio = boost::asio;
  auto executor = co_await asio::this_coro::executor;
  std::vector<ProviderListSummary> summaries;
  std::vector<std::size_t> running;  // index into summaries of each spawned task
  using Task = decltype(asio::co_spawn(executor, drain(std::declval<Provider&>()), asio::deferred));
  std::vector<Task> tasks;
  for (auto const& name : names) {
    auto lookup = fleet.provider(name);
    summaries.push_back({name, lookup ? Result<std::size_t>(0) : Result<std::size_t>(lookup.error())});
    if (!lookup) continue;
    running.push_back(summaries.size() - 1);
    tasks.push_back(asio::co_spawn(executor, drain(**lookup), asio::deferred));
  }
  if (tasks.empty()) co_return summaries;

  auto [order, exceptions, results] = co_await asio::experimental::make_parallel_group(std::move(tasks))
                                          .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  (void)order;
  for (std::size_t i = 0; i < running.size(); ++i) {
    auto& summary = summaries[running[i]];
    summary.delivered = exceptions[i] ? Result<std::size_t>(thrown_error(exceptions[i], summary.provider, operation))
                                      : std::move(results[i]);
  }
  co_return summaries;
}

}  // namespace fleet_detail

}  // namespace polycloud
