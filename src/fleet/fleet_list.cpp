// Concurrent listing over the selected providers. Each provider drains its own pager in its own
// coroutine; fan_out's ranged parallel_group waits for all of them, so a slow or failing provider
// neither blocks nor hides the others.
#include "fleet/fleet_impl.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>

namespace polycloud {

namespace {
namespace asio = boost::asio;

/// Serialises the sink's calls (fleet.hpp: one page at a time, whatever thread a provider's drain resumes
/// on) and remembers a stop, so that no page reaches the sink after it.
class SinkGate {
 public:
  explicit SinkGate(StoppablePageSink& sink) : sink_(sink) {}
  /// Whether the page was handed to the sink: false once the listing was stopped.
  bool offer(std::string const& provider, std::vector<Instance>& page) {
    std::lock_guard const lock(mutex_);
    if (stopped_.load()) return false;
    if (sink_(provider, page) == ListFlow::stop) stopped_.store(true);
    return true;
  }
  bool stopped() const noexcept { return stopped_.load(); }

 private:
  std::mutex mutex_;
  StoppablePageSink& sink_;
  std::atomic<bool> stopped_{false};
};

/// Lists one provider to the end (or its first error, or the sink's stop), filtering each page before the
/// sink sees it. The fleet re-applies the neutral filter so results are the same even for an adapter that
/// skips one. Returning drops the pager, which is what stops its loading.
asio::awaitable<Result<std::size_t>> drain(Provider& provider, ListOptions options, SinkGate& gate) {
  if (!provider.capabilities().supports(Operation::list)) co_return not_supported(provider.name(), Operation::list);
  InstanceFilter const filter = options.filter;
  auto pager = provider.list(std::move(options));
  std::size_t delivered = 0;
  while (!gate.stopped()) {
    auto page = co_await pager->next();
    if (gate.stopped()) break;  // stopped while this page loaded: neither its items nor its error are wanted
    if (!page) co_return page.error();
    if (!*page) break;
    auto& instances = **page;
    std::erase_if(instances, [&](Instance const& instance) { return !filter.matches(instance); });
    auto const count = instances.size();
    if (count > 0 && !gate.offer(provider.name(), instances)) break;
    delivered += count;
    pager->recycle(std::move(instances));  // the next pages are mapped into these VMs' room
  }
  co_return delivered;
}

}  // namespace

asio::awaitable<std::vector<ProviderListSummary>> Fleet::list(FleetListOptions options, PageSink sink) {
  co_return co_await list_until(std::move(options), [&sink](std::string const& provider, std::vector<Instance>& page) {
    sink(provider, page);
    return ListFlow::more;
  });
}

asio::awaitable<std::vector<ProviderListSummary>> Fleet::list_until(FleetListOptions options, StoppablePageSink sink) {
  auto names = fleet_detail::selected_names(*this, std::move(options.providers));
  // On a multi-threaded io_context the providers' drains run on several threads at once; the gate hands
  // the caller's sink one page at a time, so it needs no lock of its own (list_all's map had none: TSan
  // caught it in fleet_threads_test.cpp).
  SinkGate gate(sink);
  auto const& list = options.list;
  co_return co_await fleet_detail::fan_out(
      *this, std::move(names), [&](Provider& provider) { return drain(provider, list, gate); }, "list");
}

std::vector<std::string> fleet_detail::selected_names(Fleet const& fleet, std::vector<std::string> names) {
  if (names.empty()) return fleet.provider_names();
  std::vector<std::string> unique;
  for (auto& name : names)
    if (std::find(unique.begin(), unique.end(), name) == unique.end()) unique.push_back(std::move(name));
  return unique;
}


asio::awaitable<std::vector<ProviderListing>> Fleet::list_all() { return list_all(FleetListOptions()); }

asio::awaitable<std::vector<ProviderListing>> Fleet::list_all(FleetListOptions options) {
  std::map<std::string, std::vector<Instance>> collected;
  auto summaries = co_await list(std::move(options), [&collected](std::string const& provider, auto& page) {
    auto& into = collected[provider];
    std::move(page.begin(), page.end(), std::back_inserter(into));
  });
  std::vector<ProviderListing> listings;
  for (auto& summary : summaries) {
    if (summary.delivered)
      listings.push_back({summary.provider, std::move(collected[summary.provider])});
    else
      listings.push_back({summary.provider, summary.delivered.error(), std::move(collected[summary.provider])});
  }
  co_return listings;
}

}  // namespace polycloud
