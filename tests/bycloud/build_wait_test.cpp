// The wait after a create's 202, with an injected fetch, sleeper and clock: no server, no real sleeps.
#include "providers/bycloud/build_wait.hpp"

#include "test_support.hpp"


#include <doctest/doctest.h>

#include <deque>

using namespace polycloud;
using namespace polycloud::bycloud;
using namespace std::chrono_literals;
using boost::asio::awaitable;

namespace {

Instance in(std::string status) {
  Instance instance;
  instance.id = "vm-1";
  instance.raw_state = std::move(status);
  return instance;
}

/// Answers each fetch with the next scripted status; records sleeps and advances its clock by them.
struct Script {
  std::deque<Result<Instance>> answers;
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::string> progress;
  Clock::time_point clock{};
  int fetches = 0;

  BuildWait wait(Clock::duration budget = 1h) {
    BuildWait wait;
    wait.fetch = [this]() -> awaitable<Result<Instance>> {
      ++fetches;
      REQUIRE(!answers.empty());
      auto next = std::move(answers.front());
      answers.pop_front();
      co_return next;
    };
    wait.sleep = [this](std::chrono::milliseconds delay) -> awaitable<void> {
      sleeps.push_back(delay);
      clock += delay;
      co_return;
    };
    wait.now = [this] { return clock; };
    wait.deadline = clock + budget;
    wait.progress = [this](Progress const& p) { progress.push_back(p.message); };
    wait.site = {"spo", "bycloud", "create", nullptr};
    return wait;
  }
};

}  // namespace

TEST_CASE("bycloud build wait: polls with growing pauses until ACTIVE - progress per status change") {
  Script script;
  script.answers = {in("BUILD"), in("BUILD"), in("BUILD"), in("BUILD"), in("BUILD"), in("BUILD"), in("ACTIVE")};
  auto const wait = script.wait();
  auto result = test::run_coro([&] { return wait_until_built(in("BUILD"), wait); });
  REQUIRE(result);
  CHECK(result->raw_state == "ACTIVE");
  CHECK(script.fetches == 7);
  CHECK(script.progress == std::vector<std::string>{"BUILD", "ACTIVE"});
  CHECK(script.sleeps == std::vector<std::chrono::milliseconds>{250ms, 500ms, 1000ms, 2000ms, 4000ms, 5000ms, 5000ms});
}

TEST_CASE("bycloud build wait: an instance already ACTIVE needs no poll") {
  Script script;
  auto const wait = script.wait();
  auto result = test::run_coro([&] { return wait_until_built(in("ACTIVE"), wait); });
  REQUIRE(result);
  CHECK(script.fetches == 0);
}

TEST_CASE("bycloud build wait: ERROR is an error carrying the fault message and code") {
  Script script;
  auto failed = in("ERROR");
  failed.extras = {{"fault.code", "500"}, {"fault.message", "No valid host was found"}};
  script.answers = {failed};
  auto const wait = script.wait();
  auto result = test::run_coro([&] { return wait_until_built(in("BUILD"), wait); });
  REQUIRE(!result);
  CHECK(result.error().kind == ErrorKind::provider_internal);
  CHECK(result.error().message == "instance vm-1 ended in ERROR: No valid host was found");
  CHECK(result.error().provider_code == "500");
  CHECK(result.error().provider == "spo");
  CHECK(result.error().operation == "create");
  CHECK(script.progress == std::vector<std::string>{"BUILD", "ERROR"});
}

TEST_CASE("bycloud build wait: the deadline bounds the wait - the last pause is cut to it") {
  Script script;
  for (int i = 0; i < 10; ++i) script.answers.push_back(in("BUILD"));
  auto const wait = script.wait(1600ms);
  auto result = test::run_coro([&] { return wait_until_built(in("BUILD"), wait); });
  REQUIRE(!result);
  CHECK(result.error().kind == ErrorKind::timeout);
  CHECK(result.error().message.find("vm-1") != std::string::npos);
  CHECK(script.sleeps == std::vector<std::chrono::milliseconds>{250ms, 500ms, 850ms});
}

TEST_CASE("bycloud build wait: a failed poll keeps its kind and says the instance exists") {
  Script script;
  script.answers = {Result<Instance>(make_error(ErrorKind::unavailable, "HTTP 503", "spo", "create"))};
  auto const wait = script.wait();
  auto result = test::run_coro([&] { return wait_until_built(in("BUILD"), wait); });
  REQUIRE(!result);
  CHECK(result.error().kind == ErrorKind::unavailable);
  CHECK(result.error().message.find("vm-1 was created") != std::string::npos);
}
