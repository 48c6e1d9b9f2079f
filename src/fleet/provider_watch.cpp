// One provider's polls: listing, diffing, state gets within the budget, the sweep for removals, and
// the unavailable/recovered bookkeeping. Why no `removed` from a failed listing: a listing cut by an
// outage says nothing about the VMs it did not reach (docs/inventory.md, "Watch").
#include "fleet/provider_watch.hpp"

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <cmath>

namespace polycloud::watching {

namespace asio = boost::asio;

namespace {
bool carries_state(Instance const& instance) {
  return instance.state != State::unknown || !instance.raw_state.empty();
}
}  // namespace

ProviderWatch::ProviderWatch(Provider& provider, WatchProviderOptions options, std::optional<double> configured_per_minute,
                             WatchContext const& context)
    : provider_(provider),
      options_(std::move(options)),
      context_(context),
      interval_(options_.interval.count() > 0 ? options_.interval : context.options.interval),
      budget_(options_.requests_per_minute ? options_.requests_per_minute : configured_per_minute) {}

InventoryEvent ProviderWatch::event(InventoryEventKind kind, std::string id) const {
  InventoryEvent made;
  made.kind = kind;
  made.provider = provider_.name();
  made.id = std::move(id);
  made.observed_at = context_.wall_now();
  return made;
}

/// A listing's requests as the budget counts them: one per page of `page_size` (100 when the provider
/// chooses), plus the page that finds the end. An overestimate for most providers, never under.
double ProviderWatch::listing_cost(std::size_t vms) const {
  auto const page = options_.page_size != 0 ? options_.page_size : 100;
  return static_cast<double>(vms / page + 1);
}

Clock::time_point ProviderWatch::ready_at(Clock::time_point now) {
  auto const allowed = budget_.fits_at(now, listing_cost(last_count_));
  return allowed <= now ? due_ : std::max(due_, allowed);
}

void ProviderWatch::begin(Clock::time_point now) {
  started_ = now;
  ++epoch_;
  listed_ = 0;
  gets_sent_ = 0;
  sweep_at_ = 0;
  next_state_cursor_ = 0;
  state_quota_ = options_.state_gets_per_poll;
  if (budget_.limited()) {
    // Room for the listing first; state gets take what is left of this minute, and no more than this
    // interval's share of it, so they never delay the next listing.
    auto const list_cost = listing_cost(last_count_);
    auto const per_interval = budget_.per_minute() * std::chrono::duration<double>(interval_).count() / 60.0;
    auto const room = std::min(budget_.per_minute() - budget_.spent(now), per_interval) - list_cost;
    state_quota_ = std::min(state_quota_, room > 0 ? static_cast<std::size_t>(std::floor(room)) : std::size_t{0});
  }
  ListOptions list;
  list.filter = context_.options.filter;
  list.page_size = options_.page_size;
  list.call.deadline = context_.options.deadline;
  pager_ = provider_.list(std::move(list));
  phase_ = Phase::listing;
}

asio::awaitable<void> ProviderWatch::step(std::vector<InventoryEvent>& out) {
  if (phase_ == Phase::sweeping) {
    sweep(out);
    co_return;
  }
  auto page = co_await pager_->next();
  // The caller's cancellation reaches the listing first and comes back as its error: it ends the watch
  // (watch_stream.cpp), it is no outage of the provider's.
  if (!page && page.error().kind == ErrorKind::cancelled) throw boost::system::system_error(asio::error::operation_aborted);
  if (!page) {
    if (page.error().kind == ErrorKind::rate_limited) budget_.learn_lower();
    if (!unavailable_) {
      auto down = event(InventoryEventKind::provider_unavailable);
      down.error = page.error();
      out.push_back(std::move(down));
      unavailable_ = true;
    }
    table_.touch_all(epoch_);  // nothing concluded about the VMs it did not reach
    end_poll(false);
    co_return;
  }
  if (!*page) {
    if (unavailable_) {
      out.push_back(event(InventoryEventKind::provider_recovered));
      unavailable_ = false;
    }
    phase_ = Phase::sweeping;
    sweep(out);
    co_return;
  }
  auto& batch = **page;
  std::erase_if(batch, [&](Instance const& instance) { return !context_.options.filter.matches(instance); });
  co_await fetch_states(batch);
  for (auto& instance : batch) observe(instance, out);
}

/// Where the listing carries no state (Katapult), a get per VM tells it: new VMs first, then the VMs
/// from the listing position where the last poll's gets stopped, at most state_quota_ in all.
asio::awaitable<void> ProviderWatch::fetch_states(std::vector<Instance>& batch) {
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < batch.size() && chosen.size() < state_quota_; ++i)
    if (!carries_state(batch[i]) && table_.find(batch[i].id) == nullptr) chosen.push_back(i);
  for (std::size_t i = 0; i < batch.size() && chosen.size() < state_quota_; ++i) {
    auto const position = listed_ + i;
    if (carries_state(batch[i]) || position < state_cursor_ || table_.find(batch[i].id) == nullptr) continue;
    chosen.push_back(i);
    next_state_cursor_ = position + 1;
  }
  listed_ += batch.size();
  for (auto const i : chosen) {
    if (state_quota_ == 0) break;
    --state_quota_;
    ++gets_sent_;
    GetOptions get;
    get.call.deadline = context_.options.deadline;
    auto full = co_await provider_.get(batch[i].id, get);
    if (!full && full.error().kind == ErrorKind::cancelled) throw boost::system::system_error(asio::error::operation_aborted);
    if (full) {
      batch[i].state = full->state;  // only the state: every other field stays as listed, so the
      batch[i].raw_state = std::move(full->raw_state);  // fingerprints compare like with like
    } else if (full.error().kind != ErrorKind::not_found) {
      if (full.error().kind == ErrorKind::rate_limited) budget_.learn_lower();
      state_quota_ = 0;  // the listing still counts; the states wait for the next poll
    }
  }
}

std::uint8_t ProviderWatch::word_index(std::string const& raw) {
  auto const found = std::find(words_.begin(), words_.end(), raw);
  if (found != words_.end()) return static_cast<std::uint8_t>(found - words_.begin());
  if (words_.size() >= unknown_word) return unknown_word;
  words_.push_back(raw);
  return static_cast<std::uint8_t>(words_.size() - 1);
}

std::string ProviderWatch::word(std::uint8_t index) const { return index < words_.size() ? words_[index] : ""; }

void ProviderWatch::observe(Instance& instance, std::vector<InventoryEvent>& out) {
  auto const print = fingerprint_of(instance);
  bool const has_state = carries_state(instance);
  auto const raw = has_state ? word_index(instance.raw_state) : std::uint8_t{0};
  auto const state_now = static_cast<std::uint8_t>(instance.state);
  auto* record = table_.find(instance.id);
  if (record == nullptr) {
    record = table_.insert(instance.id);
    if (record == nullptr) return;  // an id beyond 64 KiB: not a VM id any API hands out
    record->fingerprint = print;
    record->epoch = epoch_;
    record->state = has_state ? state_now : Record::state_untold;
    record->raw_state = raw;
    if (baseline_done_ || context_.options.report_existing) {
      auto added = event(InventoryEventKind::added, instance.id);
      added.instance = std::move(instance);
      out.push_back(std::move(added));
    }
    return;
  }
  auto const fields = changed_fields(record->fingerprint, print);
  bool const state_moved = has_state && record->state != Record::state_untold &&
                           (record->state != state_now || record->raw_state != raw);
  if (!fields.empty()) {
    auto changed = event(InventoryEventKind::changed, instance.id);
    auto const now = to_json(instance);
    for (auto const field : fields) {
      auto const name = fingerprint_fields[field];
      auto const* after = now.if_contains(name);
      changed.changes.push_back({std::string(name), nullptr, after != nullptr ? *after : boost::json::value()});
    }
    changed.instance = instance;
    out.push_back(std::move(changed));
  }
  if (state_moved) {
    auto moved = event(InventoryEventKind::state, instance.id);
    moved.from = static_cast<State>(record->state);
    moved.to = instance.state;
    moved.raw_from = word(record->raw_state);
    moved.raw_to = instance.raw_state;
    moved.instance = std::move(instance);
    out.push_back(std::move(moved));
  }
  record->fingerprint = print;
  record->epoch = epoch_;
  if (has_state) {
    record->state = state_now;
    record->raw_state = raw;
  }
}

void ProviderWatch::sweep(std::vector<InventoryEvent>& out) {
  std::size_t reported = 0;
  while (sweep_at_ < table_.size() && reported < sweep_batch) {
    auto const& record = table_.at(sweep_at_);
    if (record.epoch == epoch_) {
      ++sweep_at_;
      continue;
    }
    out.push_back(event(InventoryEventKind::removed, std::string(table_.id_of(record))));
    ++reported;
    table_.erase(sweep_at_);  // the last record moves here: look at this position again
  }
  if (sweep_at_ >= table_.size()) {
    last_count_ = listed_;
    baseline_done_ = true;
    end_poll(true);
  }
}

void ProviderWatch::end_poll(bool complete) {
  pager_.reset();
  phase_ = Phase::idle;
  auto const now = context_.now();
  budget_.record(now, listing_cost(listed_) + static_cast<double>(gets_sent_));
  // Gets left over at the end of a complete listing: every VM from the cursor on had its turn.
  if (complete && state_quota_ > 0)
    state_cursor_ = 0;
  else if (next_state_cursor_ > 0)
    state_cursor_ = next_state_cursor_;
  last_complete_ = complete;
  failures_ = complete ? 0 : failures_ + 1;
  auto wait = std::chrono::duration<double, std::milli>(interval_) * std::pow(context_.options.backoff, failures_);
  auto const cap = std::chrono::duration<double, std::milli>(std::max(context_.options.max_backoff, interval_));
  if (failures_ > 0) wait = std::min(wait, cap);
  due_ = saturating_add(started_, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
}

}  // namespace polycloud::watching
