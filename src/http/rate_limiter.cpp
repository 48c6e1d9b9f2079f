#include "http/rate_limiter.hpp"

#include <algorithm>
#include <charconv>

namespace polycloud::http {
using std::chrono::milliseconds;

namespace {

std::optional<long long> parse_non_negative(std::string_view text) {
  long long value = 0;
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

/// Burst size of the bucket: one second's worth of requests, at least one.
double burst(double rate) { return std::max(1.0, rate); }

}  // namespace

std::optional<double> combined_rate(std::optional<double> per_second, std::optional<double> per_minute) {
  std::optional<double> rate;
  if (per_second && *per_second > 0) rate = *per_second;
  if (per_minute && *per_minute > 0) rate = std::min(rate.value_or(*per_minute / 60), *per_minute / 60);
  return rate;
}

RateLimiter::RateLimiter(std::optional<double> requests_per_second)
    : configured_rate_(requests_per_second && *requests_per_second > 0 ? requests_per_second : std::nullopt),
      rate_(configured_rate_),
      tokens_(rate_ ? burst(*rate_) : 0) {}

void RateLimiter::lower_to(double requests_per_second) {
  if (!(requests_per_second > 0)) return;
  if (configured_rate_ && *configured_rate_ <= requests_per_second) return;
  if (!configured_rate_) tokens_ = burst(requests_per_second);
  configured_rate_ = requests_per_second;
  rate_ = std::min(rate_.value_or(requests_per_second), requests_per_second);
  tokens_ = std::min(tokens_, burst(*rate_));
}

void RateLimiter::refill(Clock::time_point now) {
  if (!rate_) return;
  if (refilled_at_ == Clock::time_point{}) refilled_at_ = now;
  double const elapsed = std::chrono::duration<double>(now - refilled_at_).count();
  if (elapsed > 0) {
    tokens_ = std::min(burst(*rate_), tokens_ + elapsed * *rate_);
    refilled_at_ = now;
  }
}

milliseconds RateLimiter::reserve(Clock::time_point now) {
  milliseconds wait{0};
  if (paused_until_ > now) wait = std::chrono::ceil<milliseconds>(paused_until_ - now);
  if (rate_) {
    refill(now);
    tokens_ -= 1;  // may go negative: a reservation paid back by the wait below
    if (tokens_ < 0) {
      // Bounded in floating point, before the conversion to integer milliseconds could overflow.
      double const owed_seconds = std::min(-tokens_ / *rate_, std::chrono::duration<double>(max_wait).count());
      wait = std::max(wait, std::chrono::ceil<milliseconds>(std::chrono::duration<double>(owed_seconds)));
    }
  }
  if (now < pace_until_) {
    auto const slot = std::max(now, next_paced_slot_);
    next_paced_slot_ = slot + std::chrono::duration_cast<Clock::duration>(pace_interval_);
    wait = std::max(wait, std::chrono::ceil<milliseconds>(slot - now));
  }
  return std::min(wait, max_wait);
}

void RateLimiter::pace_until_reset(Feedback const& feedback, long long seconds_to_reset, Clock::time_point now) {
  auto const limit = parse_non_negative(feedback.limit);
  auto const remaining = parse_non_negative(feedback.remaining);
  if (!limit || !remaining || *remaining == 0) return;
  // remaining > limit / 4, written so that no header value can overflow it
  if (*remaining > *limit / 4 || seconds_to_reset <= 0) {
    pace_until_ = {};  // plenty left (a new window): no spreading
    return;
  }
  pace_interval_ = std::chrono::duration<double>(static_cast<double>(seconds_to_reset) / static_cast<double>(*remaining));
  pace_until_ = now + std::chrono::seconds{seconds_to_reset};
}

void RateLimiter::observe(Feedback const& feedback, Clock::time_point now,
                          std::chrono::system_clock::time_point wall_now, milliseconds max_pause) {
  auto pause_for = [&](milliseconds pause) {
    paused_until_ = std::max(paused_until_, now + std::clamp(pause, milliseconds{0}, max_pause));
  };

  if (feedback.status == 429) {
    pause_for(feedback.retry_after.value_or(milliseconds{1000}));
    if (rate_) rate_ = std::max(*configured_rate_ / 10, *rate_ / 2);
  } else if (feedback.status >= 200 && feedback.status < 300 && rate_) {
    rate_ = std::min(*configured_rate_, *rate_ * 1.05);
  }

  auto const reset = parse_non_negative(feedback.reset);
  if (!reset) return;
  // Large values are Unix times (ByCloud), small ones a number of seconds from now. Whole seconds
  // in integers: a time point of an absurd year would overflow the clock's nanoseconds.
  constexpr long long unix_time_threshold = 1'000'000'000;
  auto const cap_seconds = std::chrono::duration_cast<std::chrono::seconds>(max_pause).count();
  long long const seconds_to_reset = std::clamp<long long>(
      *reset >= unix_time_threshold ? *reset - std::chrono::system_clock::to_time_t(wall_now) : *reset, 0,
      cap_seconds);
  if (parse_non_negative(feedback.remaining) == 0) {
    pause_for(std::chrono::seconds{seconds_to_reset});
  } else {
    pace_until_reset(feedback, seconds_to_reset, now);
  }
}

}  // namespace polycloud::http
