// The blocking facade: the async Fleet's operations from a plain thread, on fakes.
#include "fleet_fixtures.hpp"

#include <polycloud/blocking.hpp>

#include <doctest/doctest.h>

#include <thread>

using namespace polycloud;
using polycloud::testing::FakeProvider;

namespace {
blocking::Fleet blocking_fleet(FakeProvider*& beta) {
  std::vector<std::unique_ptr<Provider>> providers;
  providers.push_back(fake_with("alpha", 3));
  auto second = fake_with("beta", 2);
  beta = second.get();
  providers.push_back(std::move(second));
  return blocking::Fleet::from_providers(std::move(providers)).value();
}
}  // namespace

TEST_CASE("the blocking fleet lists every provider and keeps a failing one's error") {
  FakeProvider* beta = nullptr;
  auto fleet = blocking_fleet(beta);
  beta->fail_next(Operation::list, make_error(ErrorKind::unavailable, "beta is down"));
  auto listings = fleet.list_all();
  REQUIRE(listings.size() == 2);
  REQUIRE(listings[0].instances.has_value());
  CHECK(listings[0].instances->size() == 3);
  REQUIRE_FALSE(listings[1].instances.has_value());
  CHECK(listings[1].instances.error().kind == ErrorKind::unavailable);
  CHECK(fleet.provider_names() == std::vector<std::string>{"alpha", "beta"});
}

TEST_CASE("the blocking fleet runs create - stop - wait - delete by provider name") {
  FakeProvider* beta = nullptr;
  auto fleet = blocking_fleet(beta);
  CreateSpec spec;
  spec.name = "blocking-vm";
  int progress_calls = 0;
  auto created = fleet.create("beta", spec, [&](Progress const&) { ++progress_calls; });
  REQUIRE(created.has_value());
  REQUIRE(fleet.stop("beta", created->id).has_value());
  auto stopped = fleet.wait_for("beta", created->id, State::stopped);
  REQUIRE(stopped.has_value());
  CHECK(stopped->state == State::stopped);
  REQUIRE(fleet.start("beta", created->id).has_value());
  REQUIRE(fleet.reboot("beta", created->id).has_value());
  REQUIRE(fleet.remove("beta", created->id).has_value());
  auto gone = fleet.get("beta", created->id);
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().kind == ErrorKind::not_found);
  CHECK(beta->calls(Operation::create) == 1);
}

TEST_CASE("the blocking fleet reports an unknown provider name as a config error") {
  FakeProvider* beta = nullptr;
  auto fleet = blocking_fleet(beta);
  auto got = fleet.get("gamma", "x");
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().kind == ErrorKind::config);
}

TEST_CASE("mt: the blocking fleet can be called from several threads") {
  FakeProvider* beta = nullptr;
  auto fleet = blocking_fleet(beta);
  std::vector<std::thread> callers;
  std::vector<int> ok(4, 0);
  for (std::size_t i = 0; i < ok.size(); ++i)
    callers.emplace_back([&, i] { ok[i] = fleet.get("alpha", "alpha-" + std::to_string(i % 3)).has_value(); });
  for (auto& caller : callers) caller.join();
  CHECK(ok == std::vector<int>(4, 1));
}

TEST_CASE("the blocking fleet is built from a config through the registry") {
  auto config = parse_config(R"({"providers": {"f": {"type": "fake"}}})", "(test)");
  REQUIRE(config.has_value());
  auto fleet = blocking::Fleet::create(*config);
  REQUIRE(fleet.has_value());
  CHECK(fleet->provider_names() == std::vector<std::string>{"f"});
  auto listings = fleet->list_all();
  REQUIRE(listings.size() == 1);
  CHECK(listings[0].instances.has_value());
}
