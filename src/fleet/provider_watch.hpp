#pragma once
// Internal to Fleet::watch: one provider's side of a watch. A poll is a listing diffed page by page
// against the fingerprints of the one before, then (only when the listing was complete) a sweep for the
// VMs it no longer holds. The stream (watch_stream.cpp) runs each provider's polls in a coroutine of
// its own: a ProviderWatch is touched by that coroutine only.
#include "fleet/fingerprint_table.hpp"
#include "fleet/request_budget.hpp"

#include <polycloud/watch.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>
#include <vector>

namespace polycloud::watching {

/// What every provider's watch shares: the caller's options, read-only.
struct WatchContext {
  WatchOptions const& options;
  std::function<Clock::time_point()> now;
  std::function<std::chrono::sys_seconds()> wall_now;
};

class ProviderWatch {
 public:
  ProviderWatch(Provider& provider, WatchProviderOptions options, std::optional<double> configured_per_minute,
                WatchContext const& context);

  std::string const& name() const noexcept { return provider_.name(); }
  /// When the next poll may start: its interval (backed off while failing) and its budget allowing.
  Clock::time_point ready_at(Clock::time_point now);
  bool polling() const noexcept { return phase_ != Phase::idle; }
  /// Whether the last poll that ended listed to the end (and so could conclude removals).
  bool last_complete() const noexcept { return last_complete_; }
  void begin(Clock::time_point now);
  /// One step of the running poll: a listing page, or a batch of removals; events go to `out`.
  boost::asio::awaitable<void> step(std::vector<InventoryEvent>& out);

 private:
  enum class Phase { idle, listing, sweeping };
  static constexpr std::size_t sweep_batch = max_batch_size;
  static constexpr std::uint8_t unknown_word = 255;

  InventoryEvent event(InventoryEventKind kind, std::string id = {}) const;
  double listing_cost(std::size_t vms) const;
  std::uint8_t word_index(std::string const& raw);
  std::string word(std::uint8_t index) const;
  boost::asio::awaitable<void> fetch_states(std::vector<Instance>& batch);
  void observe(Instance& instance, std::vector<InventoryEvent>& out);
  void sweep(std::vector<InventoryEvent>& out);
  void end_poll(bool complete);

  Provider& provider_;
  WatchProviderOptions options_;
  WatchContext const& context_;
  std::chrono::milliseconds interval_;
  RequestBudget budget_;
  FingerprintTable table_;
  std::vector<std::string> words_;  // raw states seen, interned: a record keeps a one-byte index

  Phase phase_ = Phase::idle;
  Clock::time_point due_ = Clock::time_point::min();
  Clock::time_point started_{};
  std::unique_ptr<InstancePager> pager_;
  std::uint8_t epoch_ = 0;
  bool baseline_done_ = false;
  bool unavailable_ = false;
  bool last_complete_ = false;
  int failures_ = 0;
  std::size_t last_count_ = 0;   // VMs the last complete listing held
  std::size_t listed_ = 0;       // VMs this poll listed so far
  std::size_t state_quota_ = 0;  // state gets this poll may still send
  std::size_t gets_sent_ = 0;
  std::size_t state_cursor_ = 0;       // listing position from which existing VMs get their state fetched
  std::size_t next_state_cursor_ = 0;
  std::size_t sweep_at_ = 0;
};

}  // namespace polycloud::watching
