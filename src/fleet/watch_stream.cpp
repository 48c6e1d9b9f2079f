// Fleet::watch: one stream over the selected providers. Polls run one at a time, the provider whose
// next poll is due (interval and budget) first; between polls the stream sleeps until then. Why one at
// a time: the caller drives next() as a pager, and a poll's events stay in order without locks; a
// provider that answers slowly delays the others' polls by that much (docs/inventory.md, "Watch").
#include "fleet/fleet_impl.hpp"
#include "fleet/provider_watch.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>

namespace polycloud {

namespace asio = boost::asio;

namespace {

using Batch = Result<std::optional<std::vector<InventoryEvent>>>;

asio::awaitable<void> timer_sleep(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

std::chrono::sys_seconds system_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

class WatchStream final : public EventStream {
 public:
  WatchStream(WatchOptions options, std::vector<std::pair<Provider*, std::optional<double>>> const& providers)
      : options_(std::move(options)),
        context_{options_, options_.now ? options_.now : [] { return Clock::now(); },
                 options_.wall_now ? options_.wall_now : system_seconds} {
    sleep_ = options_.sleep ? options_.sleep : timer_sleep;
    for (auto const& [provider, configured] : providers) {
      auto const named = options_.per_provider.find(provider->name());
      auto const& own = named != options_.per_provider.end() ? named->second : options_.defaults;
      watches_.push_back(std::make_unique<watching::ProviderWatch>(*provider, own, configured, context_));
    }
  }
  explicit WatchStream(Error error) : context_{options_, {}, {}}, failure_(std::move(error)) {}

  asio::awaitable<Batch> next() override {
    if (failure_) co_return *failure_;
    try {
      co_return co_await advance();
    } catch (boost::system::system_error const& failure) {
      if (failure.code() != asio::error::operation_aborted) throw;
    }
    // Cancelled mid-poll: the pager and the records are in an unknown state, so the stream ends here.
    failure_ = make_error(ErrorKind::cancelled, "cancelled by the caller while watching", "", "watch");
    co_return *failure_;
  }

 private:
  asio::awaitable<Batch> advance() {
    std::vector<InventoryEvent> events;
    for (;;) {
      if (active_ != nullptr) {
        co_await active_->step(events);
        if (!active_->polling()) active_ = nullptr;
        if (!events.empty() || active_ == nullptr) co_return std::optional(std::move(events));
        continue;
      }
      if (watches_.empty()) co_return std::optional<std::vector<InventoryEvent>>();
      auto const now = context_.now();
      watching::ProviderWatch* soonest = nullptr;
      auto when = Clock::time_point::max();
      for (auto& watch : watches_) {
        auto const ready = watch->ready_at(now);
        if (soonest == nullptr || ready < when) {
          soonest = watch.get();
          when = ready;
        }
      }
      if (when >= options_.deadline) co_return std::optional<std::vector<InventoryEvent>>();
      if (when > now) {
        co_await sleep_(std::chrono::ceil<std::chrono::milliseconds>(when - now));
        continue;
      }
      active_ = soonest;
      active_->begin(now);
    }
  }

  WatchOptions options_;
  watching::WatchContext context_;
  std::function<asio::awaitable<void>(std::chrono::milliseconds)> sleep_;
  std::vector<std::unique_ptr<watching::ProviderWatch>> watches_;
  watching::ProviderWatch* active_ = nullptr;
  std::optional<Error> failure_;
};

}  // namespace

std::unique_ptr<EventStream> Fleet::watch(WatchOptions options) {
  std::vector<std::string> names;
  for (auto const& name : options.providers.empty() ? provider_names() : options.providers)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::vector<std::pair<Provider*, std::optional<double>>> selected;
  for (auto const& name : names) {
    auto found = provider(name);
    if (!found) return std::make_unique<WatchStream>(found.error());
    auto const rate = impl_->configured_per_minute.find(name);
    selected.emplace_back(*found, rate != impl_->configured_per_minute.end() ? std::optional(rate->second)
                                                                            : std::nullopt);
  }
  return std::make_unique<WatchStream>(std::move(options), selected);
}

}  // namespace polycloud
