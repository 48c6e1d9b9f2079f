// Fleet::watch: one stream over the selected providers. Each provider polls in a coroutine of its own
// (its interval, backoff and budget), so one that answers slowly or not at all delays no other's
// events. The polls hand their events to next() through a channel without a buffer: a poll waits at
// each batch until the caller takes it, so memory stays one page per provider however slow the caller
// is, and a new poll starts only after the caller has taken the last one's events.
#include "fleet/fleet_impl.hpp"
#include "fleet/provider_watch.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <exception>

namespace polycloud {

namespace asio = boost::asio;

namespace {

using Batch = Result<std::optional<std::vector<InventoryEvent>>>;

asio::awaitable<void> timer_sleep(std::string const&, std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

std::chrono::sys_seconds system_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// What one provider's polls hand to next().
struct Delivery {
  std::size_t provider = 0;
  std::vector<InventoryEvent> events;
  bool poll_ended = false;
  bool complete = false;      ///< the poll that ended listed to the end
  bool finished = false;      ///< no more polls: the next could not start before the deadline
  std::exception_ptr thrown;  ///< a provider's bug, rethrown by next()
};

using Channel = asio::experimental::concurrent_channel<void(boost::system::error_code, Delivery)>;

/// Everything the providers' poll coroutines share with the stream; they hold it alive until they end.
struct Shared {
  explicit Shared(WatchOptions given)
      : options(std::move(given)),
        context{options, options.now ? options.now : [] { return Clock::now(); },
                options.wall_now ? options.wall_now : system_seconds},
        sleep(options.sleep ? options.sleep : timer_sleep) {}

  WatchOptions options;
  watching::WatchContext context;
  std::function<asio::awaitable<void>(std::string const&, std::chrono::milliseconds)> sleep;
  /// Kept alive until the last poll ends: a poll cancelled when the stream is dropped resumes at the
  /// executor's next turn, possibly after the fleet is gone (declared first: destroyed after the watches).
  std::vector<std::shared_ptr<Provider>> providers;
  std::vector<std::unique_ptr<watching::ProviderWatch>> watches;
  std::unique_ptr<asio::cancellation_signal[]> stops;  ///< one per provider's polls (signals never move)
  std::optional<Channel> channel;
};

/// False once the stream is gone (the channel closed) or the polls are cancelled.
asio::awaitable<bool> deliver(Channel& channel, Delivery delivery) {
  auto [failed] = co_await channel.async_send(boost::system::error_code(), std::move(delivery),
                                              asio::as_tuple(asio::use_awaitable));
  co_return !failed;
}

/// One provider's polls until the deadline. `sleep` comes before every poll, with 0 when it is due
/// already: the one place a poll waits for its turn (tests hold polls there).
asio::awaitable<void> poll_until_deadline(Shared& shared, std::size_t index) {
  auto& watch = *shared.watches[index];
  auto const& context = shared.context;
  for (;;) {
    auto now = context.now();
    auto const ready = watch.ready_at(now);
    if (ready >= shared.options.deadline) {
      Delivery last;
      last.provider = index;
      last.finished = true;
      co_await deliver(*shared.channel, std::move(last));
      co_return;
    }
    co_await shared.sleep(watch.name(), ready > now ? std::chrono::ceil<std::chrono::milliseconds>(ready - now)
                                                    : std::chrono::milliseconds(0));
    now = context.now();
    if (watch.ready_at(now) > now) continue;
    watch.begin(now);
    while (watch.polling()) {
      Delivery delivery;
      delivery.provider = index;
      co_await watch.step(delivery.events);
      delivery.poll_ended = !watch.polling();
      delivery.complete = watch.last_complete();
      if (delivery.events.empty() && !delivery.poll_ended) continue;
      if (!co_await deliver(*shared.channel, std::move(delivery))) co_return;
    }
  }
}

/// The polls of provider `index` as a detached coroutine: cancellation ends them quietly, a provider's
/// exception goes to next().
asio::awaitable<void> run_polls(std::shared_ptr<Shared> shared, std::size_t index) {
  std::exception_ptr thrown;
  try {
    co_await poll_until_deadline(*shared, index);
    co_return;
  } catch (boost::system::system_error const& failure) {
    if (failure.code() == asio::error::operation_aborted) co_return;
    thrown = std::current_exception();
  } catch (...) {
    thrown = std::current_exception();
  }
  Delivery last;
  last.provider = index;
  last.finished = true;
  last.thrown = thrown;
  co_await deliver(*shared->channel, std::move(last));
}

class WatchStream final : public EventStream {
 public:
  WatchStream(WatchOptions options, std::vector<std::pair<std::shared_ptr<Provider>, std::optional<double>>> providers)
      : shared_(std::make_shared<Shared>(std::move(options))) {
    auto const& given = shared_->options;
    for (auto& [provider, configured] : providers) {
      auto const named = given.per_provider.find(provider->name());
      auto const& own = named != given.per_provider.end() ? named->second : given.defaults;
      shared_->watches.push_back(std::make_unique<watching::ProviderWatch>(*provider, own, configured, shared_->context));
      shared_->providers.push_back(std::move(provider));
    }
    shared_->stops = std::make_unique<asio::cancellation_signal[]>(shared_->watches.size());
  }
  explicit WatchStream(Error error) : failure_(std::move(error)) {}
  ~WatchStream() override { stop(); }

  asio::awaitable<Batch> next() override {
    if (failure_) co_return *failure_;
    if (!strand_) start(co_await asio::this_coro::executor);
    while (finished_ < shared_->watches.size()) {
      auto [failed, delivery] = co_await shared_->channel->async_receive(asio::as_tuple(asio::use_awaitable));
      if (failed) {
        // Cancelled by the caller: polls may be mid-way, their records in an unknown state: the end.
        stop();
        failure_ = make_error(ErrorKind::cancelled, "cancelled by the caller while watching", "", "watch");
        co_return *failure_;
      }
      if (delivery.thrown) {
        stop();
        std::rethrow_exception(delivery.thrown);
      }
      if (delivery.finished) {
        ++finished_;
        continue;
      }
      auto const& options = shared_->options;
      if (delivery.poll_ended && options.on_poll)
        options.on_poll(shared_->watches[delivery.provider]->name(), delivery.complete);
      co_return std::optional(std::move(delivery.events));
    }
    co_return std::optional<std::vector<InventoryEvent>>();
  }

 private:
  /// The providers' polls start with the first next(), on a strand of its executor (their records
  /// are each their own; the strand keeps the cancellation below off a poll running on another thread).
  void start(asio::any_io_executor const& executor) {
    strand_.emplace(asio::make_strand(executor));
    shared_->channel.emplace(*strand_, 0);
    for (std::size_t i = 0; i < shared_->watches.size(); ++i)
      asio::co_spawn(*strand_, run_polls(shared_, i), asio::bind_cancellation_slot(shared_->stops[i].slot(), asio::detached));
  }

  /// Ends the polls: a poll waiting to deliver sees the channel closed, one waiting for the network or
  /// its next turn is cancelled, both at the executor's next turn (the fleet must outlive that, as it
  /// must outlive any operation in flight).
  void stop() {
    if (!strand_ || stopped_) return;
    stopped_ = true;
    shared_->channel->close();
    asio::post(*strand_, [shared = shared_] {
      for (std::size_t i = 0; i < shared->watches.size(); ++i) shared->stops[i].emit(asio::cancellation_type::terminal);
    });
  }

  std::shared_ptr<Shared> shared_;
  std::optional<asio::strand<asio::any_io_executor>> strand_;
  std::size_t finished_ = 0;
  bool stopped_ = false;
  std::optional<Error> failure_;
};

}  // namespace

std::unique_ptr<EventStream> Fleet::watch(WatchOptions options) {
  std::vector<std::string> names;
  for (auto const& name : options.providers.empty() ? provider_names() : options.providers)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::vector<std::pair<std::shared_ptr<Provider>, std::optional<double>>> selected;
  for (auto const& name : names) {
    auto found = provider(name);
    if (!found) return std::make_unique<WatchStream>(found.error());
    auto const owned = std::find_if(impl_->providers.begin(), impl_->providers.end(),
                                    [&](auto const& each) { return each.get() == *found; });
    auto const rate = impl_->configured_per_minute.find(name);
    selected.emplace_back(*owned, rate != impl_->configured_per_minute.end() ? std::optional(rate->second)
                                                                            : std::nullopt);
  }
  return std::make_unique<WatchStream>(std::move(options), std::move(selected));
}

}  // namespace polycloud
