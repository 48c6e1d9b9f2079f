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

RateLimiter::RateLimiter(std::optional<double> requests_per_second)
    : configured_rate_(requests_per_second && *requests_per_second > 0 ? requests_per_second : std::nullopt),
      rate_(configured_rate_),
      tokens_(rate_ ? burst(*rate_) : 0) {}

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
      wait = std::max(wait, std::chrono::ceil<milliseconds>(std::chrono::duration<double>(-tokens_ / *rate_)));
    }
  }
  return wait;
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

  if (parse_non_negative(feedback.remaining) == 0) {
    if (auto const reset = parse_non_negative(feedback.reset)) {
      // Large values are Unix times (ByCloud), small ones a number of seconds from now. Whole seconds
      // in integers: a time point of an absurd year would overflow the clock's nanoseconds.
      constexpr long long unix_time_threshold = 1'000'000'000;
      long long const seconds_to_wait =
          *reset >= unix_time_threshold ? *reset - std::chrono::system_clock::to_time_t(wall_now) : *reset;
      auto const cap_seconds = std::chrono::duration_cast<std::chrono::seconds>(max_pause).count();
      pause_for(std::chrono::seconds{std::clamp<long long>(seconds_to_wait, 0, cap_seconds)});
    }
  }
}

}  // namespace polycloud::http
