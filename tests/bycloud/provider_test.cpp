// The whole ByCloud provider against the ByCloud simulator over TLS on loopback. The simulator is used
// only through its start API, its fault endpoint (POST /__sim/faults), its stats and request log.
#include "providers/bycloud/bycloud_provider.hpp"
#include "providers/bycloud/requests.hpp"

#include "sim/bycloud/bycloud.hpp"
#include "sim/bycloud/instance_data.hpp"
#include "sim/server.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"
#include "tests/http/script_server.hpp"

#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <set>

using namespace polycloud;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr char const* sim_token = "bycloud-sim-token";
constexpr char const* sim_key = "sim-key-id:sim-key-secret";

using test::list_all;
using test::try_list;

/// A scripted server shares the test's io_context and keeps accepting: run until the result is there.
class Runner : public test::Runner {
 public:
  Runner() : test::Runner(Drain::until_ready) {}
};

ProviderConfig bycloud_config(std::string endpoint, std::string ca_file, json::object settings = {}) {
  return test::sim_config("spo", "bycloud", std::move(endpoint), sim_token, std::move(ca_file), std::move(settings));
}

class SimulatedByCloud : public test::SimulatedApi {
 public:
  explicit SimulatedByCloud(sim::ByCloudOptions options = {})
      : SimulatedApi(api_with_credentials(std::move(options)), {}, Drain::until_ready) {}

  ProviderConfig config(json::object settings = {}) const {
    return bycloud_config(origin(), ca_file(), std::move(settings));
  }

  using SimulatedApi::provider;
  std::unique_ptr<Provider> provider() { return provider(config()); }

 private:
  static std::shared_ptr<sim::ByCloudApi> api_with_credentials(sim::ByCloudOptions options) {
    options.token = sim_token;
    options.api_key = sim_key;
    return std::make_shared<sim::ByCloudApi>(std::move(options));
  }
};

/// Power actions return at the 202, before the transition ends; these tests then look at the
/// transition itself (REBOOT, a 409 while busy). With the simulator's 150 ms on the wall clock, a stall
/// that long on a loaded machine would end it first: a minute is far past any stall.
sim::ByCloudOptions slow_transitions() {
  sim::ByCloudOptions options;
  options.action_duration = std::chrono::minutes{1};
  return options;
}

std::set<std::string> ids_of(std::vector<Instance> const& instances) {
  std::set<std::string> ids;
  for (auto const& instance : instances) ids.insert(instance.id);
  return ids;
}

std::string const small_flavor = polycloud::sim::bycloud::kFlavors[0].id;
std::string const debian_image = polycloud::sim::bycloud::kImages[1].id;

CreateSpec small_instance(std::string name) {
  CreateSpec spec;
  spec.name = std::move(name);
  spec.size = small_flavor;
  spec.image = debian_image;
  spec.tags = {{"web", ""}, {"team", "backend"}};
  spec.user_data = "#cloud-config\n";
  spec.provider_options = {{"key_name", "my-keypair"}};
  return spec;
}

}  // namespace

TEST_CASE("bycloud list: 2000 instances at limit 100 list completely with no duplicates") {
  sim::ByCloudOptions options;
  options.instances = 2000;
  SimulatedByCloud sim(options);
  auto provider = sim.provider();
  auto const all = list_all(sim, *provider);
  CHECK(all.size() == 2000);
  CHECK(ids_of(all).size() == 2000);
  CHECK(sim.stats().requests_for("GET /v1/instances") == 20);
  std::set<State> states;
  for (auto const& instance : all) states.insert(instance.state);
  CHECK(states.size() == 8);  // every neutral state but stopping (no Nova status means it)
  CHECK(all.front().region == "spo1");
}

TEST_CASE("bycloud list: the limit is configurable and page_size overrides it") {
  SimulatedByCloud sim;  // 40 instances
  auto configured = sim.provider(sim.config({{"limit", 15}}));
  CHECK(list_all(sim, *configured).size() == 40);
  CHECK(sim.stats().requests_for("GET /v1/instances") == 3);
  ListOptions options;
  options.page_size = 40;
  CHECK(list_all(sim, *configured, options).size() == 40);
  CHECK(sim.stats().requests_for("GET /v1/instances") == 4);
}

TEST_CASE("bycloud list: a links.next naming another origin receives no credential") {
  auto foreign = sim::start_foreign_origin();
  sim::ByCloudOptions options;
  options.links_origin = foreign->origin();  // every links.next/self/previous names the foreign host
  SimulatedByCloud sim(options);
  for (auto const& config : {sim.config({{"limit", 10}}), [&] {
         auto keyed = sim.config({{"limit", 10}});
         keyed.token = Secret();
         keyed.api_key = Secret(sim_key);
         return keyed;
       }()}) {
    auto provider = sim.provider(config);
    CHECK(list_all(sim, *provider).size() == 40);
  }
  auto const foreign_stats = foreign->stats().snapshot();
  CHECK(foreign_stats.requests_total == 0);
  CHECK(foreign_stats.credentials.empty());
  // Every page went to the configured endpoint, with the credential of each configuration.
  auto const stats = sim.stats();
  CHECK(stats.requests_for("GET /v1/instances") == 8);
  REQUIRE(stats.credentials.size() == 1);
  auto const& seen = stats.credentials.begin()->second;
  CHECK(seen.at(std::string("Bearer ") + sim_token) == 4);
  CHECK(seen.at(sim_key) == 4);
}

TEST_CASE("bycloud list: a repeating marker ends with a protocol error") {
  Runner runner;
  auto page = [](char const* id) {
    return json::serialize(json::object{
        {"instances", json::array{json::object{{"id", id}, {"name", id}, {"status", "ACTIVE"}}}},
        {"meta", json::object{{"total", 9}, {"limit", 1}, {"marker", "m-1"}, {"has_more", true}}},
        {"links", json::object{{"next", "http://elsewhere.example/v1/instances?marker=m-1"}}}});
  };
  test::ScriptServer server(runner.io(), [&](test::RecordedRequest const&, std::size_t index) {
    return test::respond(200, page(index == 0 ? "a" : "b"));  // the second page names the same marker
  });
  auto config = bycloud_config(server.url(""), "");
  auto made = make_provider(config, ProviderContext{runner.executor(), {}});
  REQUIRE(made.has_value());
  auto listed = try_list(runner, **made);
  REQUIRE(!listed);
  CHECK(listed.error().kind == ErrorKind::protocol);
  CHECK(listed.error().provider == "spo");
  REQUIRE(server.requests().size() == 2);
  CHECK(server.requests()[1].target == "/v1/instances?limit=100&marker=m-1");
}

TEST_CASE("bycloud list: a page cut inside an item is loaded again - each page's envelope is its own") {
  // One stream reads every page of a listing (restarted for each): what the first page said about more
  // must not carry over into the last, and a cut page's half-mapped item must not reach the next load.
  Runner runner;
  auto item = [](char const* id) { return json::object{{"id", id}, {"name", id}, {"status", "ACTIVE"}}; };
  auto const first = json::serialize(json::object{
      {"instances", json::array{item("a"), item("b")}},
      {"meta", json::object{{"limit", 2}, {"marker", "b"}, {"has_more", true}}}});
  auto const last = json::serialize(json::object{{"instances", json::array{item("c"), item("d")}}});  // no meta
  test::ScriptServer server(runner.io(), [&](test::RecordedRequest const&, std::size_t index) -> test::Reply {
    if (index != 1) return test::respond(200, index == 0 ? first : last);
    auto const whole = test::raw_response(200, last);  // its full length announced, cut inside item "d"
    return {test::Step::send(whole.substr(0, whole.size() - 12)), test::Step::close()};
  });
  auto config = bycloud_config(server.url(""), "");
  auto made = make_provider(config, ProviderContext{runner.executor(), {}});
  REQUIRE(made.has_value());
  auto listed = try_list(runner, **made);
  REQUIRE(listed);
  std::vector<std::string> ids;
  for (auto const& instance : *listed) ids.push_back(instance.id + "/" + instance.name);
  CHECK(ids == std::vector<std::string>{"a/a", "b/b", "c/c", "d/d"});
  REQUIRE(server.requests().size() == 3);
  CHECK(server.requests()[1].target == "/v1/instances?limit=100&marker=b");
  CHECK(server.requests()[2].target == "/v1/instances?limit=100&marker=b");
}

TEST_CASE("bycloud list: each filter pushed down gives what filtering locally gives") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  ListOptions raw;
  raw.raw = true;
  auto const everything = list_all(sim, *provider, raw);
  REQUIRE(everything.size() == 40);

  auto filters = std::vector<InstanceFilter>(7);
  filters[0].name_glob = everything[3].name;  // exact: pushed down
  filters[1].name_glob = "web-*";             // prefix: pushed down
  filters[2].name_glob = "*-1?";              // client-side only
  filters[3].state = State::error;            // one Nova status: pushed down
  filters[4].state = State::running;          // many: client-side
  filters[5].tags = {{"web", ""}, {"production", ""}};  // tags: pushed down
  filters[6].tags = {{"team", "backend"}};             // metadata: client-side
  for (auto const& filter : filters) {
    std::vector<Instance> expected;
    std::copy_if(everything.begin(), everything.end(), std::back_inserter(expected),
                 [&](Instance const& instance) { return filter.matches(instance); });
    ListOptions options;
    options.filter = filter;
    auto const found = list_all(sim, *provider, options);
    CAPTURE(filter.name_glob);
    CHECK(!expected.empty());
    CHECK(ids_of(found) == ids_of(expected));
  }
}

TEST_CASE("bycloud list: flavor_id and image_id filter server-side as provider options") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  ListOptions raw;
  raw.raw = true;
  auto const everything = list_all(sim, *provider, raw);
  struct Case {
    char const* option;
    char const* nested;
    std::string id;
  };
  for (auto const& filter : {Case{"flavor_id", "flavor", small_flavor}, Case{"image_id", "image", debian_image}}) {
    std::set<std::string> expected;
    for (auto const& instance : everything) {
      auto const& value = instance.raw.at(filter.nested);
      if (value.is_object() && value.at("id").as_string() == filter.id) expected.insert(instance.id);
    }
    ListOptions options;
    options.provider_options[filter.option] = filter.id;
    CAPTURE(filter.option);
    CHECK(!expected.empty());
    CHECK(ids_of(list_all(sim, *provider, options)) == expected);
  }
}

TEST_CASE("bycloud get: one instance - an unknown id is not_found with the request id") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  auto const id = sim::bycloud::instance_id(1, 0);
  GetOptions options;
  options.raw = true;
  auto instance = sim.run([&] { return provider->get(id, options); });
  REQUIRE(instance);
  CHECK(instance->id == id);
  CHECK(instance->raw_state == "ACTIVE");
  CHECK(instance->raw.at("power_state") == "RUNNING");
  auto missing = sim.run([&] { return provider->get("00000000-0000-4000-8000-000000000000", GetOptions{}); });
  REQUIRE(!missing);
  CHECK(missing.error().kind == ErrorKind::not_found);
  CHECK(missing.error().http_status == 404);
  CHECK(missing.error().request_id.starts_with("req-"));
}

TEST_CASE("bycloud create: 202 then polled until ACTIVE - progress on each status") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  std::vector<std::string> progress;
  auto created = sim.run([&] {
    return provider->create(small_instance("web-new"), [&](Progress const& p) { progress.push_back(p.message); },
                            CallOptions::within(20s));
  });
  REQUIRE(created);
  CHECK(created->name == "web-new");
  CHECK(created->state == State::running);
  CHECK(created->size == "m1.small");
  CHECK(created->image == "Debian 12");
  CHECK(!created->addresses.empty());
  CHECK(created->tags == std::map<std::string, std::string>{{"web", ""}, {"team", "backend"}});
  GetOptions raw;
  raw.raw = true;
  auto fetched = sim.run([&] { return provider->get(created->id, raw); });
  REQUIRE(fetched);
  CHECK(fetched->raw.at("key_names") == json::array{"my-keypair"});
  CHECK(progress == std::vector<std::string>{"BUILD", "ACTIVE"});
  CHECK(sim.stats().requests_for("POST /v1/instances") == 1);
}

TEST_CASE("bycloud create: ERROR ends with the instance's fault message") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  auto created = sim.run([&] { return provider->create(small_instance("fail-1"), {}, CallOptions::within(20s)); });
  REQUIRE(!created);
  CHECK(created.error().kind == ErrorKind::provider_internal);
  CHECK(created.error().message.find("No valid host was found") != std::string::npos);
  CHECK(created.error().provider_code == "500");
  CHECK(created.error().operation == "create");
}

TEST_CASE("bycloud create: the deadline bounds the wait for the build") {
  sim::ByCloudOptions options;
  options.build_duration = 60s;
  SimulatedByCloud sim(options);
  auto provider = sim.provider();
  auto created = sim.run([&] { return provider->create(small_instance("slow-1"), {}, CallOptions::within(1500ms)); });
  REQUIRE(!created);
  CHECK(created.error().kind == ErrorKind::timeout);
  CHECK(sim.stats().requests_for("POST /v1/instances") == 1);
}

TEST_CASE("bycloud create: a lost answer is looked up by name and the POST is never re-sent") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  // The server creates the instance, then the answer breaks off: found by its name, then waited for.
  sim.inject({{"fault", "reset_mid_body"}, {"method", "POST"}, {"path", "/v1/instances"}});
  auto found = sim.run([&] { return provider->create(small_instance("lost-1"), {}, CallOptions::within(20s)); });
  REQUIRE(found);
  CHECK(found->name == "lost-1");
  CHECK(found->state == State::running);
  CHECK(sim.stats().requests_for("POST /v1/instances") == 1);
  // The request is read and the connection reset before anything is created: unknown_outcome.
  sim.inject({{"fault", "reset_before_response"}, {"method", "POST"}, {"path", "/v1/instances"}});
  auto unknown = sim.run([&] { return provider->create(small_instance("lost-2"), {}, CallOptions::within(20s)); });
  REQUIRE(!unknown);
  CHECK(unknown.error().kind == ErrorKind::unknown_outcome);
  CHECK(unknown.error().message.find("no instance is named \"lost-2\"") != std::string::npos);
  CHECK(sim.stats().requests_for("POST /v1/instances") == 2);
}

TEST_CASE("bycloud create: an SSH key that is not a public key line - or with key_name too - sends nothing") {
  SimulatedByCloud sim;
  auto provider = sim.provider();
  auto spec = small_instance("keys-1");
  spec.ssh_public_keys = {"ssh-ed25519 AAAA me@host"};  // too short to hold a key
  auto created = sim.run([&] { return provider->create(spec, {}, CallOptions::within(5s)); });
  REQUIRE(!created);
  CHECK(created.error().kind == ErrorKind::invalid_argument);
  CHECK(created.error().message.find("give an SSH public key or the provider option key_name") != std::string::npos);
  spec.provider_options.erase("key_name");
  created = sim.run([&] { return provider->create(spec, {}, CallOptions::within(5s)); });
  REQUIRE(!created);
  CHECK(created.error().message.find("ssh_public_keys[0] is not an OpenSSH public key line") != std::string::npos);
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("bycloud reboot: SOFT by default - a second one is a 409 conflict with message and request id") {
  SimulatedByCloud sim(slow_transitions());
  auto provider = sim.provider();
  auto const id = sim::bycloud::instance_id(1, 0);  // ACTIVE
  auto rebooted = sim.run([&] { return provider->reboot(id, CallOptions::within(10s)); });
  REQUIRE(rebooted);
  GetOptions options;
  options.raw = true;
  auto during = sim.run([&] { return provider->get(id, options); });
  REQUIRE(during);
  CHECK(during->raw_state == "REBOOT");
  CHECK(during->state == State::rebooting);
  auto again = sim.run([&] { return provider->reboot(id, CallOptions::within(10s)); });
  REQUIRE(!again);
  CHECK(again.error().kind == ErrorKind::conflict);
  CHECK(again.error().http_status == 409);
  CHECK(again.error().message.find("task_state rebooting") != std::string::npos);
  CHECK(again.error().request_id.starts_with("req-"));
}

TEST_CASE("bycloud reboot: reboot_type HARD is sent as HARD") {
  SimulatedByCloud sim(slow_transitions());
  auto provider = sim.provider(sim.config({{"reboot_type", "HARD"}}));
  auto const id = sim::bycloud::instance_id(1, 14);  // ERROR: only a HARD reboot is allowed
  auto rebooted = sim.run([&] { return provider->reboot(id, CallOptions::within(10s)); });
  REQUIRE(rebooted);
  auto during = sim.run([&] { return provider->get(id, GetOptions{}); });
  REQUIRE(during);
  CHECK(during->raw_state == "HARD_REBOOT");
}

TEST_CASE("bycloud inferred operations: stop then start and delete") {
  SimulatedByCloud sim(slow_transitions());
  auto provider = sim.provider();
  auto const id = sim::bycloud::instance_id(1, 0);  // ACTIVE
  REQUIRE(sim.run([&] { return provider->stop(id, CallOptions::within(10s)); }));
  auto const shutoff = sim::bycloud::instance_id(1, 10);  // SHUTOFF
  REQUIRE(sim.run([&] { return provider->start(shutoff, CallOptions::within(10s)); }));
  auto started = sim.run([&] { return provider->start(id, CallOptions::within(10s)); });  // still stopping
  REQUIRE(!started);
  CHECK(started.error().kind == ErrorKind::conflict);
  REQUIRE(sim.run([&] { return provider->remove(shutoff, CallOptions::within(10s)); }));
  auto gone = sim.run([&] { return provider->get(shutoff, GetOptions{}); });
  REQUIRE(!gone);
  CHECK(gone.error().kind == ErrorKind::not_found);
}

TEST_CASE("bycloud errors: 401 429-then-success and 500 each give their kind") {
  SimulatedByCloud sim;
  auto config = sim.config();
  config.token = Secret("wrong-token-value");
  auto wrong = sim.provider(config);
  auto denied = try_list(sim, *wrong);
  REQUIRE(!denied);
  CHECK(denied.error().kind == ErrorKind::unauthenticated);
  CHECK(denied.error().request_id.starts_with("req-"));
  CHECK(denied.error().to_string().find("wrong-token-value") == std::string::npos);

  auto provider = sim.provider();
  sim.inject({{"fault", "status"}, {"status", 429}, {"retry_after", "1"}, {"path", "/v1/instances"}});
  CHECK(list_all(sim, *provider).size() == 40);

  sim.inject({{"fault", "status"}, {"status", 500}, {"path", "/v1/instances"}, {"count", 5}});
  auto failed = try_list(sim, *provider);
  REQUIRE(!failed);
  CHECK(failed.error().kind == ErrorKind::provider_internal);
  CHECK(failed.error().http_status == 500);
  CHECK(failed.error().request_id.starts_with("req-"));
}

// Issue 22 defect 9: a server that echoes the user data in its refusal (decoded, or as the base64 it
// received) must not carry a cloud-init the user marked secret into the error; unmarked, it stays.
TEST_CASE("bycloud create: a refusal echoing user data marked secret has it REDACTED") {
  std::string const user_data = "#cloud-config\nchpasswd: {list: 'root:Cl0udInit-S3cret'}\n";
  auto const refusal = json::serialize(json::object{
      {"error", json::object{{"code", 400},
                             {"message", "invalid user_data " + bycloud::base64_encode(user_data)},
                             {"details", "cannot parse: " + user_data}}}});
  for (bool const secret : {false, true}) {
    CAPTURE(secret);
    Runner runner;
    test::ScriptServer server(runner.io(), [&](test::RecordedRequest const&, std::size_t) {
      return test::respond(400, refusal, {{"Content-Type", "application/json"}});
    });
    auto made = make_provider(bycloud_config(server.url(""), ""), ProviderContext{runner.executor(), {}});
    REQUIRE(made.has_value());
    auto spec = small_instance("echo-1");
    spec.user_data = user_data;
    spec.user_data_is_secret = secret;
    auto created = runner.run([&] { return (*made)->create(spec, {}, CallOptions::within(20s)); });
    REQUIRE(!created);
    INFO(created.error().message);
    CHECK(created.error().kind == ErrorKind::invalid_argument);
    bool const shown = created.error().message.find("S3cret") != std::string::npos;
    bool const shown_encoded = created.error().message.find(bycloud::base64_encode(user_data)) != std::string::npos;
    CHECK(shown == !secret);
    CHECK(shown_encoded == !secret);
  }
}
