// A create with SSH keys against the Katapult simulator over TLS: each key made sure to exist among the
// organization's keys (found by either fingerprint form, added once), authorized by id in a build from
// spec that the simulator records; tag names set after the build; what Katapult cannot take refused
// before anything is sent.
#include "sim/katapult/katapult.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"
#include "tests/support/ssh_fixture_keys.hpp"

#include <polycloud/provider.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr char const* sim_token = "katapult-sim-token";
constexpr char const* keys_list = "GET /core/v1/organizations/_/ssh_keys";
constexpr char const* keys_add = "POST /core/v1/organizations/_/ssh_keys";
constexpr char const* spec_build = "POST /core/v1/organizations/_/virtual_machines/build_from_spec";
constexpr char const* plain_build = "POST /core/v1/organizations/organization/virtual_machines/build";

struct KeyedKatapult : test::SimulatedApi {
  explicit KeyedKatapult(sim::KatapultOptions options = {})
      : SimulatedApi(test::api_accepting<sim::KatapultApi>(sim_token, fast(std::move(options)))) {}

  std::unique_ptr<Provider> provider() {
    return SimulatedApi::provider(test::sim_config("kat", "katapult", origin() + std::string(sim::KatapultApi::kBasePath),
                                                   sim_token, ca_file(),
                                                   {{"organization", {{"sub_domain", "polycloud-sim"}}}}));
  }
  json::array builds() { return received().at("builds_from_spec").as_array(); }

 private:
  static sim::KatapultOptions fast(sim::KatapultOptions options) {
    options.build_duration = 20ms;
    return options;
  }
};

CreateSpec keyed(std::string name) {
  CreateSpec spec;
  spec.name = std::move(name);
  spec.size = "rock-3";
  spec.region = "uk-lon-01";
  spec.ssh_public_keys = {test::ed25519_key.line};
  return spec;
}

}  // namespace

TEST_CASE("katapult ssh keys: the key is added once - authorized by id - ten reruns find it by fingerprint") {
  for (bool const md5 : {false, true}) {  // the two fingerprint forms the reference shows
    CAPTURE(md5);
    sim::KatapultOptions options;
    options.md5_fingerprints = md5;
    KeyedKatapult sim(options);
    auto provider = sim.provider();
    REQUIRE(provider->capabilities().create_ssh_keys);
    sim.create_reruns(*provider, keyed("keyed"), 10);
    auto const stats = sim.stats();
    CHECK(stats.requests_for(keys_add) == 1);
    CHECK(stats.requests_for(keys_list) == 10);
    CHECK(stats.requests_for(spec_build) == 10);
    CHECK(stats.requests_for(plain_build) == 0);
    auto const builds = sim.builds();
    REQUIRE(builds.size() == 10);
    for (auto const& build : builds) {
      REQUIRE(build.at("ssh_keys").as_array().size() == 1);
      CHECK(build.at("ssh_keys").at(0).at("key").as_string() == test::ed25519_key.line);
      CHECK(build.at("xml").as_string().find("all=") == std::string::npos);
    }
  }
}

TEST_CASE("katapult ssh keys: two keys - one already registered - the other added - both authorized") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  REQUIRE(sim.create(*provider, keyed("first")).has_value());
  auto spec = keyed("second");
  spec.ssh_public_keys = {test::rsa_key.line, test::ed25519_key.line, test::rsa_key.line};
  REQUIRE(sim.create(*provider, spec).has_value());
  CHECK(sim.stats().requests_for(keys_add) == 2);  // ed25519 by the first create, rsa once by the second
  auto const authorized = sim.builds().at(1).at("ssh_keys").as_array();
  REQUIRE(authorized.size() == 3);
  CHECK(authorized[0].at("key").as_string() == test::rsa_key.line);
  CHECK(authorized[1].at("key").as_string() == test::ed25519_key.line);
  CHECK(authorized[2] == authorized[0]);
}

TEST_CASE("katapult ssh keys: tag names the organization lacks are set after the build - pairs are annotations") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  auto spec = keyed("tagged");
  spec.tags = {{"production", ""}, {"brand-new", ""}, {"role", "db"}};
  auto const vm = sim.create(*provider, spec);
  REQUIRE(vm.has_value());
  CHECK(vm->tags == std::map<std::string, std::string>{{"production", ""}, {"brand-new", ""}, {"role", "db"}});
  CHECK(sim.stats().requests_for("PATCH /core/v1/virtual_machines/virtual_machine") == 1);
  // Tags that all exist need no update.
  auto existing = keyed("tagged-2");
  existing.tags = {{"production", ""}};
  REQUIRE(sim.create(*provider, existing).has_value());
  CHECK(sim.stats().requests_for("PATCH /core/v1/virtual_machines/virtual_machine") == 1);
}

TEST_CASE("katapult ssh keys: user data - a bad key - extra disks are refused before anything is sent") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  CHECK_FALSE(provider->capabilities().create_user_data);
  auto with_user_data = keyed("ud");
  with_user_data.user_data = "#cloud-config\n";
  auto refused = sim.create(*provider, with_user_data);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(refused.error().provider == "kat");
  CHECK(refused.error().operation == "create");
  CHECK(refused.error().message.find("create_user_data") != std::string::npos);
  CHECK(refused.error().message.find("no cloud-init") != std::string::npos);

  auto bad_key = keyed("bad-key");
  bad_key.ssh_public_keys = {"ssh-ed25519 AAAAnot-a-key me@host"};
  refused = sim.create(*provider, bad_key);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(refused.error().message.find("ssh_public_keys[0]") != std::string::npos);

  auto disks = keyed("disks");
  disks.extra_disks_gb = {10};
  CHECK(sim.create(*provider, disks).error().message.find("create_extra_disks") != std::string::npos);
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("katapult ssh keys: an unknown package is the simulator's validation_error - after the key was made sure of") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  auto spec = keyed("unknown-size");
  spec.size = "rock-999";
  auto const refused = sim.create(*provider, spec);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().provider_code == "validation_error");
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(sim.builds().empty());
}

TEST_CASE("katapult ssh keys: an add whose answer is lost is not re-sent - no build goes out - the rerun adds it") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "reset_before_response"}, {"method", "POST"}, {"path", "/core/v1/organizations/_/ssh_keys"}});
  auto const lost = sim.create(*provider, keyed("lost-add"));
  REQUIRE_FALSE(lost.has_value());
  CHECK(lost.error().provider == "kat");
  CHECK(sim.stats().requests_for(keys_add) == 1);  // the transport does not retry a POST that may have landed
  CHECK(sim.stats().requests_for(spec_build) == 0);
  REQUIRE(sim.create(*provider, keyed("after-lost-add")).has_value());
  CHECK(sim.stats().requests_for(keys_add) == 2);
  CHECK(sim.builds().size() == 1);
}

TEST_CASE("katapult ssh keys: a concurrent create adding the same new key first - the add refused - the list read again") {
  for (bool const md5 : {false, true}) {
    CAPTURE(md5);
    sim::KatapultOptions options;
    options.md5_fingerprints = md5;
    KeyedKatapult sim(options);
    auto provider = sim.provider();
    // Between this create's list (the key absent) and its add, another create adds the same key.
    sim.inject({{"fault", "raced"}, {"method", "POST"}, {"path", "/core/v1/organizations/_/ssh_keys"}});
    auto const vm = sim.create(*provider, keyed("raced"));
    REQUIRE(vm.has_value());
    CHECK(sim.stats().requests_for(keys_add) == 1);
    CHECK(sim.stats().requests_for(keys_list) == 2);  // before the add, and once after it was refused
    auto const builds = sim.builds();
    REQUIRE(builds.size() == 1);
    REQUIRE(builds[0].at("ssh_keys").as_array().size() == 1);
    CHECK(builds[0].at("ssh_keys").at(0).at("key").as_string() == test::ed25519_key.line);
    sim.create_reruns(*provider, keyed("after-race"), 2);
    CHECK(sim.stats().requests_for(keys_add) == 1);  // one copy, found by every later create
  }
}

TEST_CASE("katapult ssh keys: an add refused for another reason is the error - the list read again once only") {
  KeyedKatapult sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "status"}, {"status", 422}, {"code", "validation_error"}, {"method", "POST"},
              {"path", "/core/v1/organizations/_/ssh_keys"}});
  auto const refused = sim.create(*provider, keyed("refused-add"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().provider_code == "validation_error");
  CHECK(sim.stats().requests_for(keys_list) == 2);
  CHECK(sim.stats().requests_for(spec_build) == 0);
}
