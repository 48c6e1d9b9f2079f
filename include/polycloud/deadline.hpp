#pragma once
// Deadlines as time points on one monotonic clock, computed without overflow: a budget of "a very
// long time" (a huge timeout_s, duration::max()) means "no deadline", never a wrapped time point in the
// past (which would time out at once, and is undefined behaviour besides).

#include <chrono>

namespace polycloud {

using Clock = std::chrono::steady_clock;

/// `from + budget`, saturated at Clock::time_point::max() (and min() for negative budgets). The budget
/// may be in any unit: it is compared before it is converted, so seconds(INT64_MAX) saturates too.
template <class Rep, class Period>
constexpr Clock::time_point saturating_add(Clock::time_point from, std::chrono::duration<Rep, Period> budget) noexcept {
  using Budget = std::chrono::duration<Rep, Period>;
  using Tick = Clock::duration;
  constexpr auto latest = Clock::time_point::max().time_since_epoch();
  constexpr auto earliest = Clock::time_point::min().time_since_epoch();
  auto const since = from.time_since_epoch();
  // Converting to the clock's ticks would itself overflow (seconds(INT64_MAX) in nanoseconds).
  if (budget > std::chrono::duration_cast<Budget>(Tick::max())) return Clock::time_point::max();
  if (budget < std::chrono::duration_cast<Budget>(Tick::min())) return Clock::time_point::min();
  auto const step = std::chrono::duration_cast<Tick>(budget);
  // Each bound is computed on the side where the subtraction cannot overflow.
  if (step > Tick::zero() && since >= Tick::zero() && step > latest - since) return Clock::time_point::max();
  if (step < Tick::zero() && since <= Tick::zero() && step < earliest - since) return Clock::time_point::min();
  return from + step;
}

/// Now plus `budget`, saturated: the deadline of an operation given that long.
template <class Rep, class Period>
Clock::time_point deadline_after(std::chrono::duration<Rep, Period> budget) noexcept {
  return saturating_add(Clock::now(), budget);
}

}  // namespace polycloud
