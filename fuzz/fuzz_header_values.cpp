// The header value parsers: Retry-After (seconds or HTTP-date) and the rate limiter's
// X-RateLimit-Remaining / X-RateLimit-Reset. No input may throw, overflow or exceed the cap.
#include "http/rate_limiter.hpp"
#include "http/retry.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const value{reinterpret_cast<char const*>(data), size};
  std::chrono::milliseconds const cap{60'000};
  auto const now = std::chrono::system_clock::now();
  if (auto const wait = polycloud::http::parse_retry_after(value, now, cap)) {
    if (*wait < std::chrono::milliseconds{0} || *wait > cap) std::abort();
  }
  polycloud::http::RateLimiter limiter{std::nullopt};
  auto const steady_now = polycloud::Clock::now();
  auto const half = value.size() / 2;
  limiter.observe({.status = 429, .remaining = value.substr(0, half), .reset = value.substr(half)}, steady_now, now, cap);
  if (limiter.reserve(steady_now) > cap) std::abort();
  return 0;
}
