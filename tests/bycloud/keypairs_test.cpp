// One SSH public key on ByCloud: a keypair holding it made sure to exist (reused by public key, else
// created once under a name derived from the key), its name sent as key_name; the keypair answers read
// in Nova's wrapped and the bare forms.
#include "providers/bycloud/keypairs.hpp"

#include "sim/bycloud/bycloud.hpp"
#include "tests/common/toolkit_test_support.hpp"
#include "tests/support/simulated_provider.hpp"
#include "tests/support/ssh_fixture_keys.hpp"

#include <polycloud/provider.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace polycloud;
using namespace std::chrono_literals;
namespace json = boost::json;
namespace keys = polycloud::test;

namespace {

constexpr char const* sim_token = "bycloud-sim-token";
constexpr char const* keypair_add = "POST /v1/keypairs";
// The key the simulator's seeded "my-keypair" holds, with another comment.
constexpr char const* seeded_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@laptop";

struct KeyedByCloud : keys::SimulatedApi {
  explicit KeyedByCloud(sim::ByCloudOptions options = {})
      : SimulatedApi(keys::api_accepting<sim::ByCloudApi>(sim_token, fast(std::move(options))), {},
                     Drain::until_ready) {}

  std::unique_ptr<Provider> provider() {
    return SimulatedApi::provider(keys::sim_config("spo", "bycloud", origin(), sim_token, ca_file()));
  }
  json::array creates() { return received().at("instances_created").as_array(); }

 private:
  static sim::ByCloudOptions fast(sim::ByCloudOptions options) {
    options.build_duration = 20ms;
    return options;
  }
};

CreateSpec keyed(std::string name, std::string key = keys::ed25519_key.line) {
  CreateSpec spec;
  spec.name = std::move(name);
  spec.size = "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01";
  spec.ssh_public_keys = {std::move(key)};
  return spec;
}

}  // namespace

TEST_CASE("bycloud keypairs: the key becomes one keypair - its name the key_name - ten reruns reuse it") {
  for (bool const bare : {false, true}) {  // Nova's wrapped list, and the bare form
    CAPTURE(bare);
    sim::ByCloudOptions options;
    options.bare_keypairs = bare;
    KeyedByCloud sim(options);
    auto provider = sim.provider();
    REQUIRE(provider->capabilities().create_ssh_keys);
    sim.create_reruns(*provider, keyed("keyed"), 10);
    CHECK(sim.stats().requests_for(keypair_add) == 1);
    CHECK(sim.stats().requests_for("GET /v1/keypairs") == 10);
    auto const creates = sim.creates();
    REQUIRE(creates.size() == 10);
    for (auto const& create : creates) CHECK(create.at("key_name") == "polycloud-wZ-axeVItlNWNxgV");
  }
}

TEST_CASE("bycloud keypairs: a concurrent create making the same keypair first - the 409 settled by listing again") {
  KeyedByCloud sim;
  auto provider = sim.provider();
  // Between this create's list (no keypair holds the key) and its POST, another create makes the same one.
  sim.inject({{"fault", "raced"}, {"method", "POST"}, {"path", "/v1/keypairs"}});
  auto const vm = sim.create(*provider, keyed("raced"));
  REQUIRE(vm.has_value());
  CHECK(sim.stats().requests_for(keypair_add) == 1);
  CHECK(sim.stats().requests_for("GET /v1/keypairs") == 2);  // before the POST, and once after its 409
  CHECK(sim.creates().at(0).at("key_name") == "polycloud-wZ-axeVItlNWNxgV");
}

TEST_CASE("bycloud keypairs: a 409 for a name another key holds stays the error - after one more list") {
  KeyedByCloud sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "status"}, {"status", 409}, {"method", "POST"}, {"path", "/v1/keypairs"}});
  auto const refused = sim.create(*provider, keyed("taken"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::conflict);
  CHECK(sim.stats().requests_for("GET /v1/keypairs") == 2);
  CHECK(sim.creates().empty());
}

TEST_CASE("bycloud keypairs: a keypair already holding the key is reused - under its own name") {
  KeyedByCloud sim;
  auto provider = sim.provider();
  REQUIRE(sim.create(*provider, keyed("reuse", seeded_key)).has_value());
  CHECK(sim.stats().requests_for(keypair_add) == 0);
  CHECK(sim.creates().at(0).at("key_name") == "my-keypair");
}

TEST_CASE("bycloud keypairs: two keys - or a spec the body refuses - are refused before anything is sent") {
  KeyedByCloud sim;
  auto provider = sim.provider();
  auto two = keyed("two");
  two.ssh_public_keys.push_back(keys::rsa_key.line);
  auto refused = sim.create(*provider, two);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("one keypair per instance") != std::string::npos);
  auto zoned = keyed("zoned");
  zoned.zone = "a";
  refused = sim.create(*provider, zoned);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  auto disks = keyed("disks");
  disks.extra_disks_gb = {10};
  refused = sim.create(*provider, disks);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("create_extra_disks") != std::string::npos);
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("bycloud keypair answers: wrapped and bare lists and items - a missing name is a protocol error") {
  providers::CallSite const site{"spo", "bycloud", "create"};
  auto const wrapped = bycloud::read_keypairs(
      json::parse(R"({"keypairs":[{"keypair":{"name":"a","public_key":"k","fingerprint":"f"}},{"name":"b"}]})"), site);
  REQUIRE(wrapped.has_value());
  REQUIRE(wrapped->size() == 2);
  CHECK((*wrapped)[0].name == "a");
  CHECK((*wrapped)[0].public_key == "k");
  CHECK((*wrapped)[1].name == "b");
  auto const bare = bycloud::read_keypairs(json::parse(R"([{"name":"c","fingerprint":"aa:bb"}])"), site);
  REQUIRE(bare.has_value());
  CHECK(bare->at(0).fingerprint == "aa:bb");
  for (char const* bad : {R"({"keypairs":[{"keypair":{}}]})", R"({"keypairs":{}})", R"({"other":[]})", "[1]"}) {
    CAPTURE(bad);
    auto const read = bycloud::read_keypairs(json::parse(bad), site);
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().kind == ErrorKind::protocol);
  }
  CHECK(bycloud::read_created_keypair(json::parse(R"({"keypair":{"name":"n"}})"), site).value() == "n");
  CHECK(bycloud::read_created_keypair(json::parse(R"({"name":"bare"})"), site).value() == "bare");
  CHECK(bycloud::keypair_body("n", "ssh-ed25519 AAAA") == R"({"keypair":{"name":"n","public_key":"ssh-ed25519 AAAA"}})");
}
