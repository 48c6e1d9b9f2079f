#include "http/rate_limiter.hpp"
#include "http/retry.hpp"

#include <doctest/doctest.h>

using namespace polycloud::http;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
auto const wall_now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
milliseconds const cap{60'000};
}  // namespace

TEST_CASE("Retry-After: delta seconds - HTTP-date - clamping and garbage") {
  CHECK(parse_retry_after("1", wall_now, cap) == milliseconds{1000});
  CHECK(parse_retry_after(" 120 ", wall_now, cap) == cap);  // clamped
  CHECK(parse_retry_after("99999999999999999999999999", wall_now, cap) == cap);  // no overflow, no throw
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", wall_now, cap) == milliseconds{10'000});
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", wall_now, cap) == milliseconds{0});  // in the past
  CHECK_FALSE(parse_retry_after("", wall_now, cap).has_value());
  CHECK_FALSE(parse_retry_after("-5", wall_now, cap).has_value());
  CHECK_FALSE(parse_retry_after("1.5", wall_now, cap).has_value());
  CHECK_FALSE(parse_retry_after("soon", wall_now, cap).has_value());
  CHECK_FALSE(parse_retry_after("Sun, 99 Nov 1994 08:49:47 GMT", wall_now, cap).has_value());
}

TEST_CASE("Backoff: full jitter within the exponential ceiling - reproducible with a seed") {
  RetryPolicy policy;
  policy.jitter_seed = 1234;
  Backoff first{policy};
  Backoff second{policy};
  for (int retry = 1; retry <= 12; ++retry) {
    auto const delay = first.delay_before_retry(retry);
    auto const ceiling = std::min(milliseconds{200 << std::min(retry - 1, 20)}, policy.max_delay);
    CHECK(delay >= milliseconds{0});
    CHECK(delay <= ceiling);
    CHECK(delay == second.delay_before_retry(retry));
  }
  CHECK(first.delay_before_retry(1'000'000) <= policy.max_delay);  // no overflow for huge retry numbers
}

TEST_CASE("Retry budget: retries spend tokens - successes earn them back up to capacity") {
  RetryBudget budget{10};
  CHECK(budget.try_spend(5));
  CHECK(budget.try_spend(5));
  CHECK_FALSE(budget.try_spend(5));
  budget.earn();
  CHECK(budget.tokens() == 1);
  for (int i = 0; i < 100; ++i) budget.earn();
  CHECK(budget.tokens() == 10);
}

TEST_CASE("Rate limiter: paces to the configured rate after a burst") {
  RateLimiter limiter{2.0};  // burst of 2, then one every 500 ms
  auto const t0 = polycloud::Clock::now();
  CHECK(limiter.reserve(t0) == milliseconds{0});
  CHECK(limiter.reserve(t0) == milliseconds{0});
  CHECK(limiter.reserve(t0) == milliseconds{500});
  CHECK(limiter.reserve(t0) == milliseconds{1000});
  CHECK(limiter.reserve(t0 + seconds{10}) == milliseconds{0});  // refilled
}

TEST_CASE("Rate limiter: off by default - but a 429 pauses everyone and halves a configured rate") {
  RateLimiter unlimited{std::nullopt};
  auto const t0 = polycloud::Clock::now();
  CHECK(unlimited.reserve(t0) == milliseconds{0});
  unlimited.observe({.status = 429, .retry_after = milliseconds{3000}}, t0, wall_now, cap);
  CHECK(unlimited.reserve(t0) == milliseconds{3000});
  CHECK(unlimited.reserve(t0 + seconds{3}) == milliseconds{0});

  RateLimiter limited{10.0};
  limited.observe({.status = 429}, t0, wall_now, cap);
  CHECK(limited.current_rate() == 5.0);
  CHECK(limited.reserve(t0) == milliseconds{1000});  // no Retry-After: one second
}

TEST_CASE("Rate limiter: X-RateLimit-Remaining 0 waits until X-RateLimit-Reset") {
  RateLimiter limiter{std::nullopt};
  auto const t0 = polycloud::Clock::now();
  auto const modern_now = std::chrono::system_clock::from_time_t(1'700'000'000);
  limiter.observe({.status = 200, .remaining = "0", .reset = "1700000020"}, t0, modern_now, cap);  // Unix time +20 s
  CHECK(limiter.reserve(t0) == milliseconds{20'000});

  RateLimiter relative{std::nullopt};
  relative.observe({.status = 200, .remaining = "0", .reset = "7"}, t0, wall_now, cap);  // seconds from now
  CHECK(relative.reserve(t0) == milliseconds{7000});

  RateLimiter plenty{std::nullopt};
  plenty.observe({.status = 200, .remaining = "5", .reset = "7"}, t0, wall_now, cap);
  CHECK(plenty.reserve(t0) == milliseconds{0});
}

TEST_CASE("Rate limiter: a per-minute limit is the stricter of the two - and lower_to only lowers") {
  CHECK_FALSE(combined_rate(std::nullopt, std::nullopt).has_value());
  CHECK(combined_rate(std::nullopt, 60.0) == 1.0);
  CHECK(combined_rate(2.0, 30.0) == 0.5);
  CHECK(combined_rate(0.25, 60.0) == 0.25);

  RateLimiter limiter{combined_rate(std::nullopt, 60.0)};  // 60/min: one a second, a burst of one
  auto const t0 = polycloud::Clock::now();
  CHECK(limiter.reserve(t0) == milliseconds{0});
  CHECK(limiter.reserve(t0) == milliseconds{1000});
  limiter.lower_to(10.0);  // never raises
  CHECK(limiter.current_rate() == 1.0);
  limiter.lower_to(0.5);   // 30/min learnt at runtime
  CHECK(limiter.current_rate() == 0.5);
  CHECK(limiter.reserve(t0 + seconds{2}) == milliseconds{2000});

  RateLimiter unlimited{std::nullopt};
  unlimited.lower_to(1.0);  // a limit learnt where none was configured
  CHECK(unlimited.reserve(t0) == milliseconds{0});
  CHECK(unlimited.reserve(t0) == milliseconds{1000});
}

TEST_CASE("Rate limiter: X-RateLimit headers spread the last quarter of the budget until the reset") {
  auto const t0 = polycloud::Clock::now();
  auto const modern_now = std::chrono::system_clock::from_time_t(1'700'000'000);
  RateLimiter limiter{std::nullopt};
  // 10 of 60 left, reset in 20 s: one request every 2 s rather than 10 at once and then a 429.
  limiter.observe({.status = 200, .limit = "60", .remaining = "10", .reset = "1700000020"}, t0, modern_now, cap);
  CHECK(limiter.reserve(t0) == milliseconds{0});
  CHECK(limiter.reserve(t0) == milliseconds{2000});
  CHECK(limiter.reserve(t0) == milliseconds{4000});
  CHECK(limiter.reserve(t0 + seconds{21}) == milliseconds{0});  // the window has reset

  RateLimiter plenty{std::nullopt};
  plenty.observe({.status = 200, .limit = "60", .remaining = "40", .reset = "1700000020"}, t0, modern_now, cap);
  CHECK(plenty.reserve(t0) == milliseconds{0});
  CHECK(plenty.reserve(t0) == milliseconds{0});
}

TEST_CASE("Rate limiter: X-RateLimit values near the integer limit neither overflow nor pause past the cap") {
  // Found by fuzz_header_values: remaining * 4 overflowed a long long.
  auto const t0 = polycloud::Clock::now();
  RateLimiter limiter{std::nullopt};
  limiter.observe({.status = 200, .limit = "9223372036854775807", .remaining = "6330000000000000000", .reset = "5"},
                  t0, wall_now, cap);
  CHECK(limiter.reserve(t0) == milliseconds{0});  // more than a quarter left: no spreading

  RateLimiter nearly_spent{std::nullopt};
  nearly_spent.observe({.status = 200, .limit = "9223372036854775807", .remaining = "1", .reset = "9223372036854775807"},
                       t0, wall_now, cap);
  CHECK(nearly_spent.reserve(t0) <= cap);
  CHECK(nearly_spent.reserve(t0) <= 2 * cap);
}

TEST_CASE("Rate limiter: a vanishingly small rate waits at most max_wait and never wraps to send now") {
  // Issue 12: 1e-300 per second owed 1e300 s, whose conversion to milliseconds was undefined and came
  // out as no wait at all; 2e-11 owed more milliseconds than a time point's nanoseconds can add.
  auto const t0 = polycloud::Clock::now();
  for (double const rate : {1e-300, 2e-11}) {
    RateLimiter limiter{rate};
    CHECK(limiter.reserve(t0) == milliseconds{0});  // the burst of one
    CHECK(limiter.reserve(t0) == RateLimiter::max_wait);
    CHECK(limiter.reserve(t0 + seconds{1}) == RateLimiter::max_wait);
  }
  RateLimiter lowered{std::nullopt};
  lowered.lower_to(1e-300);
  lowered.reserve(t0);
  CHECK(lowered.reserve(t0) == RateLimiter::max_wait);
}
