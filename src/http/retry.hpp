#pragma once
// The pieces of the retry policy: which outcomes are worth another attempt, how long to wait
// (full-jitter exponential backoff, Retry-After) and a client-wide budget against retry storms.

#include "http/client.hpp"

#include <chrono>
#include <ctime>
#include <optional>
#include <random>
#include <string_view>

namespace polycloud::http {

/// 408, 429, 500, 502, 503, 504.
bool is_retryable_status(int status) noexcept;

/// An answer that says the server refused the request without acting on it: 429 (RFC 6585: "too
/// many requests"), or 503 with Retry-After (the service asks to be asked again later). A 503 without
/// it may come from a gateway that lost its backend mid-request, like 502 and 504; a 500 may have
/// failed half-way. What Request::resend_if_unprocessed re-sends.
bool says_unprocessed(int status, bool has_retry_after) noexcept;

/// Retry-After as delta-seconds or an HTTP-date (relative to `now`), clamped to [0, cap].
/// Empty for a missing or malformed value (never throws).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::milliseconds cap);

/// Retry-After as the server advised it, for Response::retry_after: whole seconds, clamped to
/// [0, 1 day] (an HTTP-date in the year 9999 is not advice anyone can follow).
std::optional<std::chrono::seconds> advised_retry_after(std::string_view value,
                                                        std::chrono::system_clock::time_point now);

/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as Unix seconds; empty when malformed.
/// Seconds, not a system_clock time point: a far-future year would overflow its nanoseconds.
std::optional<std::time_t> parse_http_date(std::string_view value);

/// Full jitter: the n-th retry waits uniform(0, min(max_delay, base_delay * 2^(n-1))).
class Backoff {
 public:
  explicit Backoff(RetryPolicy const& policy);
  std::chrono::milliseconds delay_before_retry(int retry_number);

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  std::mt19937_64 random_;
};

/// A token bucket shared by all requests of one client: each retry spends tokens, each success
/// earns one back, so a provider outage stops costing retries once the bucket is empty.
class RetryBudget {
 public:
  explicit RetryBudget(int capacity) : capacity_(capacity), tokens_(capacity) {}
  bool try_spend(int cost) noexcept;
  void earn() noexcept;
  int tokens() const noexcept { return tokens_; }

 private:
  int capacity_;
  int tokens_;
};

}  // namespace polycloud::http
