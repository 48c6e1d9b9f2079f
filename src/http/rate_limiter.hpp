#pragma once
// Client-side pacing: an optional token bucket (requests per second, from config) plus pauses the
// server asks for (429 + Retry-After, X-RateLimit-Remaining: 0 until X-RateLimit-Reset).
// Pure arithmetic on time points given by the caller, so tests need no clock.

#include <polycloud/provider.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace polycloud::http {

class RateLimiter {
 public:
  explicit RateLimiter(std::optional<double> requests_per_second);

  /// Reserves the next request slot; returns how long to wait before sending (0: go now).
  std::chrono::milliseconds reserve(Clock::time_point now);

  struct Feedback {
    int status = 0;
    std::optional<std::chrono::milliseconds> retry_after{};  ///< already parsed and clamped
    std::string_view remaining{};                          ///< X-RateLimit-Remaining
    std::string_view reset{};                              ///< X-RateLimit-Reset (Unix time or seconds)
  };
  /// Learns from a response. After a 429 every request pauses (Retry-After, else one second) and a
  /// configured rate is halved, then recovers 5% per successful response.
  void observe(Feedback const& feedback, Clock::time_point now, std::chrono::system_clock::time_point wall_now,
               std::chrono::milliseconds max_pause);

  std::optional<double> current_rate() const noexcept { return rate_; }

 private:
  void refill(Clock::time_point now);

  std::optional<double> configured_rate_;
  std::optional<double> rate_;
  double tokens_ = 0;
  Clock::time_point refilled_at_{};
  Clock::time_point paused_until_{};
};

}  // namespace polycloud::http
