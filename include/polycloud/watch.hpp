#pragma once
// Fleet::watch: the fleet's changes as a stream of InventoryEvents, found by polling each provider and
// diffing each listing against a compact fingerprint of the one before. No provider offers a change
// feed, so polling is the only portable way; see docs/inventory.md ("Watch", "Budgets").

#include <polycloud/deadline.hpp>
#include <polycloud/error.hpp>
#include <polycloud/inventory.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace polycloud {

/// What one provider's polls may cost and how often they run. Every field has a default.
struct WatchProviderOptions {
  WatchProviderOptions() {}  // not an aggregate (see CallOptions)

  /// Between the start of one poll and the next while the provider answers; 0: WatchOptions::interval.
  std::chrono::milliseconds interval{0};
  /// The requests this watch may send the provider in any 60 s (list pages and state gets together);
  /// empty: the provider's configured rate_limit_per_minute (or per second × 60), else no budget.
  /// A rate_limited answer (to a listing or a state get) halves it for the rest of the watch: the limit
  /// is learnt downwards, never raised.
  std::optional<double> requests_per_minute;
  /// Where a listing carries no state (Katapult), at most this many VMs per poll are fetched one by one
  /// for it (new VMs first, then the rest in turn), fewer when the budget leaves less room.
  std::size_t state_gets_per_poll = 50;
  /// The list page size to ask for (0: the provider's default); also what the budget assumes a page
  /// holds when it estimates a listing's requests (100 when 0).
  std::size_t page_size = 0;
};

struct WatchOptions {
  WatchOptions() {}  // not an aggregate (see CallOptions)

  std::vector<std::string> providers;  ///< configured names to watch; empty: every provider
  InstanceFilter filter;               ///< only VMs matching it are watched (as Fleet::list filters)
  std::chrono::milliseconds interval{30'000};  ///< every provider's, unless per_provider says otherwise
  WatchProviderOptions defaults;               ///< for providers per_provider does not name
  std::map<std::string, WatchProviderOptions> per_provider;
  /// While a provider fails, its interval grows by this factor per failed poll, up to max_backoff.
  double backoff = 2.0;
  std::chrono::milliseconds max_backoff{600'000};
  /// The first complete listing of a provider is the baseline: false (the default) reports nothing for
  /// the VMs already there, true reports each as `added`.
  bool report_existing = false;
  /// The watch ends (next() answers an empty optional) when no poll can start before it.
  Clock::time_point deadline = Clock::time_point::max();

  /// Waits `delay` before each of `provider`'s polls (0 when the poll is due already); empty: an Asio
  /// steady_timer. Tests inject one that advances a clock instead, and may hold a provider's polls there.
  std::function<boost::asio::awaitable<void>(std::string const& provider, std::chrono::milliseconds delay)> sleep;
  /// The clock intervals and budgets are measured on; empty: Clock::now.
  std::function<Clock::time_point()> now;
  /// The time stamped on events (observed_at); empty: the system clock.
  std::function<std::chrono::sys_seconds()> wall_now;
  /// Told as next() hands over the last events of a poll: the provider and whether its listing was
  /// complete (tests count polls). Called from next(), on the caller's coroutine.
  std::function<void(std::string const& provider, bool complete)> on_poll;
};

/// One watch: call next() from one coroutine at a time, like an InstancePager. Each provider polls
/// concurrently from the first next() on, each waiting at its next batch until next() takes it. Drop the
/// stream to stop: polls in flight end at the executor's next turn, so the fleet must outlive that.
class EventStream {
 public:
  virtual ~EventStream() = default;
  /// The next events, in the order observed: a batch per listing page at most (a poll's removals come
  /// in batches too), and at the end of every poll at the latest, so a quiet poll answers an empty
  /// vector (a heartbeat: the caller sees each poll pass). An empty optional once the deadline ends
  /// the watch. Errors: ErrorKind::cancelled (Asio cancellation of next()), ErrorKind::config (an unknown
  /// provider name); after one the stream is finished and repeats it. A provider's own failures are
  /// events (provider_unavailable), never errors of the stream.
  virtual boost::asio::awaitable<Result<std::optional<std::vector<InventoryEvent>>>> next() = 0;
};

}  // namespace polycloud
