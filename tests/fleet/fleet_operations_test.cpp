// Operations by provider name on the fleet, and cancellation at the Provider and the Fleet level.
#include "cancel_support.hpp"
#include "fleet_fixtures.hpp"
#include "tests/core/run_coro.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using polycloud::testing::FakeProvider;

namespace {
/// A fleet of "alpha" (2 VMs) and "beta" (1 VM); `beta` stays usable for assertions and injections.
Fleet alpha_and_beta(FakeProvider*& beta) {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 2));
  fakes.push_back(fake_with("beta", 1));
  beta = fakes[1].get();
  return fleet_of(std::move(fakes));
}
}  // namespace

TEST_CASE("fleet operations reach the named provider only") {
  FakeProvider* beta = nullptr;
  auto fleet = alpha_and_beta(beta);

  auto stopped = run_coro([&] { return fleet.stop("beta", "beta-0"); });
  REQUIRE(stopped.has_value());
  auto got = run_coro([&] { return fleet.get("beta", "beta-0"); });
  REQUIRE(got.has_value());
  CHECK(got->state == State::stopped);
  CHECK(got->provider == "beta");
  CHECK(beta->calls(Operation::stop) == 1);

  REQUIRE(run_coro([&] { return fleet.start("beta", "beta-0"); }).has_value());
  REQUIRE(run_coro([&] { return fleet.reboot("beta", "beta-0"); }).has_value());
  CHECK(beta->calls(Operation::start) == 1);
  CHECK(beta->calls(Operation::reboot) == 1);

  CreateSpec spec;
  spec.name = "made-by-fleet";
  auto created = run_coro([&] { return fleet.create("beta", spec); });
  REQUIRE(created.has_value());
  CHECK(created->name == "made-by-fleet");
  REQUIRE(run_coro([&] { return fleet.remove("beta", created->id); }).has_value());
  auto gone = run_coro([&] { return fleet.get("beta", created->id); });
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().kind == ErrorKind::not_found);
}

TEST_CASE("fleet operations on an unknown provider name give a config error naming the configured ones") {
  FakeProvider* beta = nullptr;
  auto fleet = alpha_and_beta(beta);
  auto started = run_coro([&] { return fleet.start("gamma", "x"); });
  REQUIRE_FALSE(started.has_value());
  CHECK(started.error().kind == ErrorKind::config);
  CHECK(started.error().message.find("alpha") != std::string::npos);
  CHECK(started.error().provider == "gamma");
}

TEST_CASE("a fleet operation names a temporary provider string safely") {
  FakeProvider* beta = nullptr;
  auto fleet = alpha_and_beta(beta);
  // The awaitable is created from a temporary name and awaited later: the lookup must already be done.
  auto pending = fleet.get(std::string("beta"), "beta-0");
  auto got = run_coro([&] { return std::move(pending); });
  CHECK(got.has_value());
}

TEST_CASE("a cancelled provider call returns ErrorKind::cancelled") {
  FakeProvider fake("slow");
  fake.add(make_instance("vm-1", "one", State::running));
  fake.set_delay(Operation::get, std::chrono::hours(1));
  auto got = run_and_cancel([&] { return fake.get("vm-1", GetOptions()); });
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().kind == ErrorKind::cancelled);
}

TEST_CASE("a cancelled fleet operation returns ErrorKind::cancelled") {
  FakeProvider* beta = nullptr;
  auto fleet = alpha_and_beta(beta);
  beta->set_delay(Operation::stop, std::chrono::hours(1));
  auto stopped = run_and_cancel([&] { return fleet.stop("beta", "beta-0"); });
  REQUIRE_FALSE(stopped.has_value());
  CHECK(stopped.error().kind == ErrorKind::cancelled);
  CHECK(stopped.error().provider == "beta");
}

TEST_CASE("a cancelled wait_for returns ErrorKind::cancelled instead of throwing") {
  FakeProvider* beta = nullptr;
  auto fleet = alpha_and_beta(beta);
  REQUIRE(run_coro([&] { return fleet.stop("beta", "beta-0"); }).has_value());
  // The default sleeper is a real timer: the cancellation arrives while the wait sleeps before its
  // second poll (it would otherwise sleep 250 ms), and must come back as a value.
  auto waited = run_and_cancel([&] { return fleet.wait_for("beta", "beta-0", State::running); });
  REQUIRE_FALSE(waited.has_value());
  CHECK(waited.error().kind == ErrorKind::cancelled);
  CHECK(waited.error().operation == "wait");
  CHECK(beta->calls(Operation::get) == 1);
}
