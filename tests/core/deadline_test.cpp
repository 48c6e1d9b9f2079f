#include <polycloud/provider.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using namespace polycloud;
using std::chrono::hours;
using std::chrono::seconds;

TEST_CASE("saturating_add adds ordinary budgets exactly") {
  Clock::time_point const start{seconds(1000)};
  CHECK(saturating_add(start, seconds(30)) == start + seconds(30));
  CHECK(saturating_add(start, hours(24)) == start + hours(24));
  CHECK(saturating_add(start, seconds(-30)) == start - seconds(30));
  CHECK(saturating_add(start, Clock::duration::zero()) == start);
}

TEST_CASE("saturating_add saturates at time_point max instead of wrapping") {
  Clock::time_point const start{seconds(1000)};
  CHECK(saturating_add(start, Clock::duration::max()) == Clock::time_point::max());
  CHECK(saturating_add(Clock::time_point::max(), seconds(1)) == Clock::time_point::max());
  // A budget in seconds that would overflow when converted to the clock's nanoseconds.
  CHECK(saturating_add(start, seconds(std::numeric_limits<std::int64_t>::max())) == Clock::time_point::max());
  CHECK(saturating_add(start, seconds(std::numeric_limits<std::int32_t>::max()) * 10) ==
        Clock::time_point::max());
  auto const just_fits = Clock::time_point::max().time_since_epoch() - start.time_since_epoch();
  CHECK(saturating_add(start, just_fits) == Clock::time_point::max());
  CHECK(saturating_add(start, just_fits - Clock::duration(1)) == Clock::time_point::max() - Clock::duration(1));
}

TEST_CASE("saturating_add saturates at time_point min for hugely negative budgets") {
  Clock::time_point const start{seconds(-1000)};
  CHECK(saturating_add(start, Clock::duration::min()) == Clock::time_point::min());
  CHECK(saturating_add(start, seconds(std::numeric_limits<std::int64_t>::min())) == Clock::time_point::min());
}

TEST_CASE("CallOptions within a huge budget means no deadline rather than one in the past") {
  auto const options = CallOptions::within(seconds(std::numeric_limits<std::int64_t>::max()));
  CHECK(options.deadline == Clock::time_point::max());
  CHECK(deadline_after(Clock::duration::max()) == Clock::time_point::max());
  auto const bounded = CallOptions::within(seconds(30));
  CHECK(bounded.deadline > Clock::now());
  CHECK(bounded.deadline <= Clock::now() + seconds(30));
}
