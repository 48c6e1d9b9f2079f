#pragma once
// Internal to Fleet::watch: requests per minute as a sliding 60 s window. Why sliding: a provider counts
// in windows of its own (Katapult and ByCloud in minutes aligned on the clock); staying under the budget
// in every 60 s keeps under it in any fixed minute, wherever the provider's minute starts.
#include <polycloud/deadline.hpp>

#include <chrono>
#include <deque>
#include <optional>
#include <utility>

namespace polycloud::watching {

class RequestBudget {
 public:
  explicit RequestBudget(std::optional<double> per_minute) : per_minute_(per_minute) {}

  bool limited() const noexcept { return per_minute_.has_value(); }
  double per_minute() const noexcept { return per_minute_.value_or(0); }
  /// A rate_limited answer: the provider's real limit is lower than assumed. Halves it (at least 1).
  void learn_lower() noexcept {
    if (per_minute_) per_minute_ = std::max(1.0, *per_minute_ / 2);
  }

  /// Requests counted in the 60 s up to `now`.
  double spent(Clock::time_point now) {
    while (!sent_.empty() && sent_.front().first + window <= now) sent_.pop_front();
    double total = 0;
    for (auto const& [when, count] : sent_) total += count;
    return total;
  }
  /// The earliest time `cost` more requests fit (now when they do, or when nothing is counted: a cost
  /// above the whole budget goes out alone rather than never).
  Clock::time_point fits_at(Clock::time_point now, double cost) {
    if (!per_minute_) return now;
    auto left = spent(now);
    if (left + cost <= *per_minute_) return now;
    for (auto const& [when, count] : sent_) {
      left -= count;
      if (left + cost <= *per_minute_ || left <= 0) return when + window;
    }
    return now;
  }
  /// `count` requests sent, counted at `when` (a poll's end: later than any of them, so conservative).
  void record(Clock::time_point when, double count) {
    if (count > 0) sent_.emplace_back(when, count);
  }

  static constexpr std::chrono::seconds window{60};

 private:
  std::optional<double> per_minute_;
  std::deque<std::pair<Clock::time_point, double>> sent_;
};

}  // namespace polycloud::watching
