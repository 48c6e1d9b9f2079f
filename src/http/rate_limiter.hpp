#pragma once
// Client-side pacing: an optional token bucket (from config, per second or per minute; lowered at
// runtime when a provider states its limit) plus what the server asks for: a pause after 429 +
// Retry-After or on X-RateLimit-Remaining: 0 until X-RateLimit-Reset, and, once less than a quarter
// of X-RateLimit-Limit remains, the remaining requests spread evenly until the reset, so a long
// listing slows before it is refused. Pure arithmetic on time points given by the caller, so tests
// need no clock.

#include <polycloud/provider.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace polycloud::http {

/// The stricter of a per-second and a per-minute limit, in requests per second; empty when neither.
std::optional<double> combined_rate(std::optional<double> per_second, std::optional<double> per_minute);

class RateLimiter {
 public:
  explicit RateLimiter(std::optional<double> requests_per_second);

  /// Lowers the configured rate to `requests_per_second` (sets one when there was none); never raises it.
  void lower_to(double requests_per_second);

  /// Reserves the next request slot; returns how long to wait before sending (0: go now), at most
  /// max_wait.
  std::chrono::milliseconds reserve(Clock::time_point now);

  /// The longest wait reserve() returns. A rate of 1e-300 per second owes 1e300 s per request, which no
  /// integer of milliseconds holds (converting it is undefined and came out as "send now"); a day is past
  /// any deadline a config allows (timeout_s <= 86400), so the caller still fails by its deadline.
  static constexpr std::chrono::milliseconds max_wait{std::chrono::hours{24}};

  struct Feedback {
    int status = 0;
    std::optional<std::chrono::milliseconds> retry_after{};  ///< already parsed and clamped
    std::string_view limit{};                              ///< X-RateLimit-Limit (requests per window)
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
  void pace_until_reset(Feedback const& feedback, long long seconds_to_reset, Clock::time_point now);

  std::optional<double> configured_rate_;
  std::optional<double> rate_;
  double tokens_ = 0;
  Clock::time_point refilled_at_{};
  Clock::time_point paused_until_{};
  // Spreading the server's remaining budget: one request per interval until the window resets.
  std::chrono::duration<double> pace_interval_{0};
  Clock::time_point pace_until_{};
  Clock::time_point next_paced_slot_{};
};

}  // namespace polycloud::http
