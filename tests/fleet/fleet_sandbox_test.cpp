// The fleet over a real adapter: the OpenScaler simulator over TLS, configured from the sandbox's own
// config. Cancellation must come back as a value through the adapter and the transport too.
#include "cancel_support.hpp"
#include "tests/core/run_coro.hpp"

#include "sim/sandbox.hpp"

#include <polycloud/blocking.hpp>
#include <polycloud/fleet.hpp>

#include <boost/json/value.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

namespace {
struct OpenScalerSandbox {
  std::unique_ptr<sim::Sandbox> sandbox = sim::Sandbox::start();
  Config config = parse_config(sandbox->config_json({"openscaler"}), "(sandbox)").value();
};
}  // namespace

TEST_CASE("a cancelled fleet get on the OpenScaler adapter returns ErrorKind::cancelled") {
  OpenScalerSandbox env;
  std::string error;
  auto stall = sim::parse_fault(
      boost::json::value{{"fault", "stall"}, {"method", "GET"}, {"path", "/v1/vms/8"}, {"duration_ms", 5000}}, error);
  REQUIRE(stall.has_value());
  env.sandbox->openscaler().faults().add(*stall);

  auto got = run_and_cancel([&]() -> boost::asio::awaitable<Result<Instance>> {
    auto fleet = Fleet::create(env.config, {co_await boost::asio::this_coro::executor, {}});
    if (!fleet) co_return fleet.error();
    co_return co_await fleet->get("alg", "8");
  });
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().kind == ErrorKind::cancelled);
  CHECK(got.error().provider == "alg");
}

TEST_CASE("the blocking fleet runs every operation on the OpenScaler simulator") {
  OpenScalerSandbox env;
  auto fleet = blocking::Fleet::create(env.config).value();
  auto listings = fleet.list_all();
  REQUIRE(listings.size() == 2);
  for (auto const& listing : listings) CHECK(listing.instances.has_value());
  auto got = fleet.get("alg", "8");
  REQUIRE(got.has_value());
  CHECK(got->name == "my-example-computer");
  REQUIRE(fleet.stop("alg", "8").has_value());
  REQUIRE(fleet.start("alg", "8").has_value());
  auto missing = fleet.remove("alg", "999999");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE("the fleet and the blocking fleet pass the idempotency key through - a rerun adopts the VM") {
  OpenScalerSandbox env;
  CreateSpec spec;
  spec.name = "fleet-keyed";
  spec.size = "b-1-500mb-10";
  spec.image = "debian-13";
  spec.idempotency_key = "fleet-key-1";

  auto made = run_coro([&]() -> boost::asio::awaitable<Result<Instance>> {
    auto fleet = Fleet::create(env.config, {co_await boost::asio::this_coro::executor, {}});
    if (!fleet) co_return fleet.error();
    co_return co_await fleet->create("alg", spec);
  });
  REQUIRE(made.has_value());
  CHECK(!made->adopted);

  auto blocking_fleet = blocking::Fleet::create(env.config).value();
  auto again = blocking_fleet.create("alg", spec);
  REQUIRE(again.has_value());
  CHECK(again->adopted);
  CHECK(again->id == made->id);
  CHECK(env.sandbox->openscaler().stats().snapshot().requests_for("POST /v1/vms") == 1);

  spec.idempotency_key = "not a key";
  auto refused = blocking_fleet.create("alg", spec);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
}
