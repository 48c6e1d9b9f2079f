// wait_for runs on a virtual clock: the injected sleeper advances it, so no test waits for real.
#include "fleet_fixtures.hpp"
#include "tests/core/run_coro.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using polycloud::testing::FakeProvider;
using std::chrono::milliseconds;

namespace {
/// A virtual clock and a sleeper that advances it, recording every requested delay.
struct VirtualTime {
  Clock::time_point now = Clock::now();
  std::vector<milliseconds> sleeps;
  std::function<void(std::size_t)> after_sleep;  ///< called with the sleep count, to change the world

  WaitOptions options(Clock::duration budget) {
    WaitOptions wait;
    wait.deadline = now + budget;
    wait.now = [this] { return now; };
    wait.sleep = [this](milliseconds delay) -> boost::asio::awaitable<void> {
      sleeps.push_back(delay);
      now += delay;
      if (after_sleep) after_sleep(sleeps.size());
      co_return;
    };
    return wait;
  }
};

FakeProvider provider_with(State state) {
  FakeProvider fake("p");
  fake.add(make_instance("vm-1", "one", state));
  return fake;
}
}  // namespace

TEST_CASE("wait_for returns as soon as the target state is seen, backing off between polls") {
  auto fake = provider_with(State::pending);
  VirtualTime time;
  time.after_sleep = [&](std::size_t count) {
    if (count == 3) run_coro([&] { return fake.start("vm-1", {}); });
  };
  auto reached =
      run_coro([&] { return wait_for(fake, "vm-1", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE(reached.has_value());
  CHECK(reached->state == State::running);
  CHECK(fake.calls(Operation::get) == 4);
  CHECK(time.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(400), milliseconds(640)});
}

TEST_CASE("wait_for never waits past its deadline and names the last state") {
  auto fake = provider_with(State::pending);
  VirtualTime time;
  auto const start = time.now;
  auto options = time.options(std::chrono::seconds(10));
  auto const deadline = options.deadline;
  auto reached = run_coro([&] { return wait_for(fake, "vm-1", State::running, options); });
  REQUIRE_FALSE(reached.has_value());
  CHECK(reached.error().kind == ErrorKind::timeout);
  CHECK(reached.error().provider == "p");
  CHECK(reached.error().message.find("pending") != std::string::npos);
  CHECK(time.now == deadline);  // the last sleep was cut to the deadline, not beyond it
  CHECK(time.now - start == std::chrono::seconds(10));
}

TEST_CASE("wait_for names the last state when the deadline ends its last get - not the get's own timeout") {
  // Over the real transport the poll at the deadline fails "get: timeout: deadline passed before attempt 1",
  // which `polycloud wait --timeout` printed instead of the state it was waiting on.
  auto fake = provider_with(State::pending);
  VirtualTime time;
  auto options = time.options(std::chrono::seconds(10));
  auto const deadline = options.deadline;
  time.after_sleep = [&](std::size_t) {
    if (time.now >= deadline)
      fake.fail_next(Operation::get, make_error(ErrorKind::timeout, "deadline passed before attempt 1", "p", "get"));
  };
  auto reached = run_coro([&] { return wait_for(fake, "vm-1", State::running, options); });
  REQUIRE_FALSE(reached.has_value());
  CHECK(reached.error().kind == ErrorKind::timeout);
  CHECK(reached.error().operation == "wait");
  CHECK(reached.error().message.find("last seen pending") != std::string::npos);
}

TEST_CASE("the backoff interval is capped") {
  auto fake = provider_with(State::pending);
  VirtualTime time;
  auto options = time.options(std::chrono::minutes(1));
  options.max_interval = milliseconds(500);
  (void)run_coro([&] { return wait_for(fake, "vm-1", State::running, options); });
  REQUIRE(time.sleeps.size() > 3);
  CHECK(time.sleeps[2] == milliseconds(500));
  CHECK(time.sleeps[3] == milliseconds(500));
}

TEST_CASE("wait_for fails fast on the error state") {
  auto fake = provider_with(State::error);
  VirtualTime time;
  auto reached =
      run_coro([&] { return wait_for(fake, "vm-1", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE_FALSE(reached.has_value());
  CHECK(reached.error().kind == ErrorKind::provider_internal);
  CHECK(time.sleeps.empty());
}

TEST_CASE("wait_for fails fast when the instance is terminated, unless that is the target") {
  auto fake = provider_with(State::terminated);
  VirtualTime time;
  auto reached =
      run_coro([&] { return wait_for(fake, "vm-1", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE_FALSE(reached.has_value());
  CHECK(reached.error().kind == ErrorKind::conflict);
  auto gone =
      run_coro([&] { return wait_for(fake, "vm-1", State::terminated, time.options(std::chrono::minutes(1))); });
  CHECK(gone.has_value());
  CHECK(time.sleeps.empty());
}

TEST_CASE("waiting for terminated succeeds once the instance is gone") {
  auto fake = provider_with(State::stopping);
  VirtualTime time;
  time.after_sleep = [&](std::size_t) { (void)run_coro([&] { return fake.remove("vm-1", {}); }); };
  auto gone =
      run_coro([&] { return wait_for(fake, "vm-1", State::terminated, time.options(std::chrono::minutes(1))); });
  REQUIRE(gone.has_value());
  CHECK(gone->state == State::terminated);
  CHECK(gone->id == "vm-1");
  CHECK(gone->provider == "p");
}

TEST_CASE("a permanent get error ends the wait - a transient one is polled through") {
  auto fake = provider_with(State::running);
  VirtualTime time;
  fake.fail_next(Operation::get, make_error(ErrorKind::unavailable, "503"));
  auto reached =
      run_coro([&] { return wait_for(fake, "vm-1", State::running, time.options(std::chrono::minutes(1))); });
  CHECK(reached.has_value());
  CHECK(time.sleeps.size() == 1);

  fake.fail_next(Operation::get, make_error(ErrorKind::permission_denied, "no"));
  auto denied = run_coro([&] { return wait_for(fake, "vm-1", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().kind == ErrorKind::permission_denied);

  auto missing =
      run_coro([&] { return wait_for(fake, "nope", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE("every observed state is reported to on_poll") {
  auto fake = provider_with(State::stopped);
  VirtualTime time;
  time.after_sleep = [&](std::size_t) { run_coro([&] { return fake.start("vm-1", {}); }); };
  auto options = time.options(std::chrono::minutes(1));
  std::vector<State> seen;
  options.on_poll = [&](Instance const& instance) { seen.push_back(instance.state); };
  CHECK(run_coro([&] { return wait_for(fake, "vm-1", State::running, options); }).has_value());
  CHECK(seen == std::vector<State>{State::stopped, State::running});
}

TEST_CASE("Fleet::wait_for finds the provider by name") {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alg", 1));
  auto fleet = fleet_of(std::move(fakes));
  VirtualTime time;
  auto reached =
      run_coro([&] { return fleet.wait_for("alg", "alg-0", State::running, time.options(std::chrono::minutes(1))); });
  CHECK(reached.has_value());
  auto unknown =
      run_coro([&] { return fleet.wait_for("nope", "x", State::running, time.options(std::chrono::minutes(1))); });
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().kind == ErrorKind::config);
}

TEST_CASE("the default wait deadline is ten minutes from when wait_for starts - not from building the options") {
  auto fake = provider_with(State::pending);
  VirtualTime time;
  auto options = time.options(std::chrono::minutes(1));
  options.deadline = Clock::time_point::max();  // the default: "no deadline of the caller's"
  time.now += std::chrono::hours(1);            // the options were built an hour before the wait starts
  auto const start = time.now;
  auto reached = run_coro([&] { return wait_for(fake, "vm-1", State::running, options); });
  REQUIRE_FALSE(reached.has_value());
  CHECK(reached.error().kind == ErrorKind::timeout);
  CHECK(time.now - start == default_wait_budget);
  CHECK(WaitOptions().deadline == Clock::time_point::max());
}
