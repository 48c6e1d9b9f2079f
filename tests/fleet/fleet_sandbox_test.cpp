// The fleet over real adapters: the sandbox's simulators over TLS, configured from the sandbox's own
// config. Cancellation must come back as a value through the adapter and the transport too; one portable
// spec with an SSH key creates on every provider type.
#include "cancel_support.hpp"
#include "tests/core/run_coro.hpp"

#include "sim/sandbox.hpp"
#include "tests/support/ssh_fixture_keys.hpp"

#include <polycloud/blocking.hpp>
#include <polycloud/fleet.hpp>

#include <boost/json/value.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace polycloud;
namespace json = boost::json;

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

TEST_CASE("one CreateSpec with one SSH public key creates on all three sandbox providers through the library") {
  auto sandbox = sim::Sandbox::start();
  auto config = parse_config(sandbox->config_json(), "(sandbox)").value();
  // The portable names mapped to each simulator's catalogue, as a user's config would map them.
  std::map<std::string, std::pair<std::string, std::string>> const catalogue{
      {"openscaler", {"b-1-500mb-10", "debian-13"}},
      {"katapult", {"rock-3", "templates/debian-12"}},
      {"bycloud", {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01", "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f02"}}};
  for (auto& provider : config.providers) {
    provider.aliases.size["small"] = catalogue.at(provider.type).first;
    provider.aliases.image["debian"] = catalogue.at(provider.type).second;
  }
  auto fleet = blocking::Fleet::create(config).value();
  CreateSpec spec;
  spec.name = "portable-1";
  spec.size = "small";
  spec.image = "debian";
  spec.ssh_public_keys = {test::ed25519_key.line};
  for (auto const* name : {"alg", "kat", "byc"}) {
    CAPTURE(name);
    auto const created = fleet.create(name, spec);
    REQUIRE(created.has_value());
    CHECK(created->state == State::running);
  }
  auto const line = json::value(test::ed25519_key.line);
  CHECK(sandbox->openscaler().received().at("creates").at(0).at("ssh_keys") == json::array{line});
  CHECK(sandbox->katapult().received().at("builds_from_spec").at(0).at("ssh_keys").at(0).at("key") == line);
  CHECK(sandbox->bycloud().received().at("instances_created").at(0).at("key_name") == "polycloud-wZ-axeVItlNWNxgV");
}
