// The whole OpenScaler provider against the OpenScaler simulator over TLS on loopback. The simulator is
// used only through its start API, its fault endpoint (POST /__sim/faults) and its stats.
#include "providers/openscaler/openscaler_provider.hpp"

#include "sim/openscaler/openscaler.hpp"
#include "sim/sandbox.hpp"
#include "sim/server.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"

#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace polycloud;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr char const* sim_token = "openscaler-sim-token";

using test::Runner;

class SimulatedOpenScaler : public test::SimulatedApi {
 public:
  explicit SimulatedOpenScaler(sim::OpenScalerOptions options = {})
      : SimulatedApi(test::api_accepting<sim::OpenScalerApi>(sim_token, std::move(options))) {}

  /// A provider configured as a user would: through the registry, with the simulator's CA.
  std::unique_ptr<Provider> provider(json::object settings = {{"project_id", "default"}},
                                     std::string token = sim_token, TraceSink trace = {}) {
    return SimulatedApi::provider(test::sim_config("alg", "openscaler", origin(), std::move(token), ca_file(), std::move(settings)),
                    std::move(trace));
  }
};

using test::list_all;

Instance const* find_named(std::vector<Instance> const& vms, std::string const& name) {
  for (auto const& vm : vms) {
    if (vm.name == name) return &vm;
  }
  return nullptr;
}

CreateSpec small_vm(std::string name) {
  CreateSpec spec;
  spec.name = std::move(name);
  spec.size = "b-1-500mb-10";
  spec.image = "debian-13";
  spec.region = "alg1";
  spec.extra_disks_gb = {5};
  spec.ssh_public_keys = {"ssh-ed25519 AAAA test@host"};
  spec.provider_options = {{"password", "strong_password"}};
  return spec;
}

}  // namespace

TEST_CASE("openscaler over TLS: list is one page, then the end, and holds the seed page's VM") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  ListOptions with_raw;
  with_raw.raw = true;
  auto pager = provider->list(with_raw);
  auto first = sim.run([&] { return pager->next(); });
  REQUIRE(first.has_value());
  REQUIRE(first->has_value());
  auto end = sim.run([&] { return pager->next(); });
  REQUIRE(end.has_value());
  CHECK(!end->has_value());

  auto const& vms = **first;
  CHECK(vms.size() > 8);
  std::set<State> states;
  for (auto const& vm : vms) {
    CHECK(vm.provider == "alg");
    CHECK(vm.raw.at("project_id") == "default");
    states.insert(vm.state);
  }
  CHECK(states.size() >= 5);  // the simulator cycles every domain state
  auto const* example = find_named(vms, "my-example-computer");
  REQUIRE(example != nullptr);
  CHECK(example->id == "8");
  CHECK(example->public_ips() == std::vector<std::string>{"10.99.88.77"});
  CHECK(sim.stats().requests_for("GET /v1/vms") == 1);
}

TEST_CASE("openscaler over TLS: the project is overridable per call, filters apply locally") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  ListOptions staging;
  staging.provider_options = {{"project_id", "staging"}};
  staging.raw = true;
  auto vms = list_all(sim, *provider, staging);
  REQUIRE(!vms.empty());
  for (auto const& vm : vms) CHECK(vm.raw.at("project_id") == "staging");

  ListOptions running;
  running.filter.state = State::running;
  auto filtered = list_all(sim, *provider, running);
  REQUIRE(!filtered.empty());
  for (auto const& vm : filtered) CHECK(vm.state == State::running);

  ListOptions by_name;
  by_name.filter.name_glob = "my-example-*";
  auto named = list_all(sim, *provider, by_name);
  REQUIRE(named.size() == 1);
  CHECK(named[0].id == "8");
}

TEST_CASE("openscaler over TLS: a missing project fails before sending - a per-call project suffices") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider({});
  auto pager = provider->list({});
  auto page = sim.run([&] { return pager->next(); });
  REQUIRE(!page.has_value());
  CHECK(page.error().kind == ErrorKind::config);
  CHECK(page.error().provider == "alg");
  CHECK(page.error().operation == "list");
  CHECK(page.error().message.find("project_id") != std::string::npos);
  auto again = sim.run([&] { return pager->next(); });  // a failed pager keeps its error
  REQUIRE(!again.has_value());
  CHECK(again.error().kind == ErrorKind::config);
  CHECK(sim.stats().requests_total == 0);

  ListOptions with_project;
  with_project.provider_options = {{"project_id", "default"}};
  CHECK(!list_all(sim, *provider, with_project).empty());
}

TEST_CASE("openscaler over TLS: a wrong token is unauthenticated and never echoed") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider({{"project_id", "default"}}, "wrong-token-123");
  auto pager = provider->list({});
  auto page = sim.run([&] { return pager->next(); });
  REQUIRE(!page.has_value());
  CHECK(page.error().kind == ErrorKind::unauthenticated);
  CHECK(page.error().http_status == 401);
  CHECK(page.error().message.find("wrong-token-123") == std::string::npos);
  CHECK(page.error().to_string().find("wrong-token-123") == std::string::npos);

  auto get = sim.run([&] { return provider->get("8", {}); });
  REQUIRE(!get.has_value());
  CHECK(get.error().kind == ErrorKind::unauthenticated);
}

TEST_CASE("openscaler over TLS: the trace shows every exchange, never the token") {
  SimulatedOpenScaler sim;
  std::vector<std::string> lines;
  auto provider = sim.provider({{"project_id", "default"}}, sim_token,
                               [&](std::string_view line) { lines.emplace_back(line); });
  list_all(sim, *provider);
  auto vm = sim.run([&] { return provider->get("8", {}); });
  REQUIRE(vm.has_value());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("/v1/vms?project_id=default") != std::string::npos);
  CHECK(lines[1].find("/v1/vms/8") != std::string::npos);
  for (auto const& line : lines) CHECK(line.find(sim_token) == std::string::npos);
}

TEST_CASE("openscaler over TLS: get with every combination of only parts") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  std::vector<std::string> const parts{"state", "disks", "network"};
  for (unsigned mask = 0; mask < 8; ++mask) {
    json::array only;
    for (unsigned bit = 0; bit < 3; ++bit) {
      if (mask & (1u << bit)) only.emplace_back(parts[bit]);
    }
    CAPTURE(json::serialize(only));
    GetOptions options;
    options.raw = true;
    options.provider_options = {{"only", only}};
    auto vm = sim.run([&] { return provider->get("8", options); });
    REQUIRE(vm.has_value());
    CHECK(vm->id == "8");
    CHECK(vm->name == "my-example-computer");  // basic: always there
    CHECK(vm->memory_mib == 2048);
    bool const state = mask & 1u, disks = mask & 2u, network = mask & 4u;
    CHECK(vm->raw_state == (state ? "running" : ""));
    CHECK(vm->state == (state ? State::running : State::unknown));
    CHECK(vm->raw.contains("disks") == disks);
    CHECK(vm->public_ips() == (network ? std::vector<std::string>{"10.99.88.77"} : std::vector<std::string>{}));
  }
  GetOptions with_raw;
  with_raw.raw = true;
  auto all = sim.run([&] { return provider->get("8", with_raw); });
  REQUIRE(all.has_value());
  CHECK(all->state == State::running);
  CHECK(all->raw.contains("disks"));
  CHECK(all->private_ips() == std::vector<std::string>{"10.0.1.2"});

  GetOptions bad;
  bad.provider_options = {{"only", json::array{"cpu"}}};
  auto refused = sim.run([&] { return provider->get("8", bad); });
  REQUIRE(!refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
}

TEST_CASE("openscaler over TLS: an id with '/', '?' and non-ASCII travels as one path segment") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  std::string const id = "a/b?c=1 é";
  auto vm = sim.run([&] { return provider->get(id, {}); });
  REQUIRE(!vm.has_value());
  CHECK(vm.error().kind == ErrorKind::not_found);
  CHECK(vm.error().http_status == 404);
  CHECK(vm.error().message == "VM not found");  // the id route, not a wrong path
  CHECK(sim.stats().requests_for("GET /v1/vms/" + id) == 1);
}

TEST_CASE("openscaler over TLS: create reports each progress event while the VM is still being built") {
  sim::OpenScalerOptions options;
  options.create_progress_events = 4;
  options.create_progress_interval = 200ms;
  SimulatedOpenScaler sim(options);
  auto provider = sim.provider();

  std::vector<Progress> events;
  std::vector<Clock::time_point> arrivals;
  auto created = sim.run([&] {
    return provider->create(small_vm("web-1"), [&](Progress const& progress) {
      events.push_back(progress);
      arrivals.push_back(Clock::now());
    }, {});
  });
  auto const finished = Clock::now();
  REQUIRE(created.has_value());
  REQUIRE(events.size() == 4);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i].percent > events[i - 1].percent);
  for (auto const& event : events) CHECK(!event.message.empty());
  // The server waits 200 ms between events, so the first progress reached us while three more
  // events and the final one were still unsent (>= 800 ms of waits): it was not buffered until the end,
  // which would leave ~0 ms. The bound leaves 400 ms for a late first callback on a loaded machine.
  CHECK(finished - arrivals.front() >= 400ms);

  CHECK(created->name == "web-1");
  CHECK(created->provider == "alg");
  CHECK(created->size == "b-1-500mb-10");
  CHECK(created->image == "debian-13");
  CHECK(created->region == "alg1");
  CHECK(created->extras.contains("sequence_id"));
  CHECK(sim.stats().requests_for("POST /v1/vms") == 1);

  auto fetched = sim.run([&] { return provider->get(created->id, {}); });
  REQUIRE(fetched.has_value());
  CHECK(fetched->name == "web-1");
}

TEST_CASE("openscaler over TLS: a create whose final event is 400 or 500 carries the server's message") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "sse_final_error"}, {"method", "POST"}, {"path", "/v1/vms"}, {"status", 400},
              {"message", "size b-9 does not exist"}});
  auto bad = sim.run([&] { return provider->create(small_vm("web-400"), {}, {}); });
  REQUIRE(!bad.has_value());
  CHECK(bad.error().kind == ErrorKind::invalid_argument);
  CHECK(bad.error().http_status == 400);
  CHECK(bad.error().message == "size b-9 does not exist");
  CHECK(bad.error().operation == "create");

  sim.inject({{"fault", "sse_final_error"}, {"method", "POST"}, {"path", "/v1/vms"}, {"status", 500},
              {"message", "hypervisor unavailable"}});
  auto broken = sim.run([&] { return provider->create(small_vm("web-500"), {}, {}); });
  REQUIRE(!broken.has_value());
  CHECK(broken.error().kind == ErrorKind::provider_internal);
  CHECK(broken.error().http_status == 500);
  CHECK(broken.error().message == "hypervisor unavailable");
  CHECK(sim.stats().requests_for("POST /v1/vms") == 2);  // one POST each, no retry
}

TEST_CASE("openscaler over TLS: a stream cut before its final event is looked up by name, never re-sent") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "sse_cut"}, {"method", "POST"}, {"path", "/v1/vms"}});
  int progress = 0;
  auto created = sim.run([&] { return provider->create(small_vm("cut-1"), [&](Progress const&) { ++progress; }, {}); });
  REQUIRE(created.has_value());
  CHECK(created->name == "cut-1");
  CHECK(progress == 3);
  CHECK(sim.stats().requests_for("POST /v1/vms") == 1);
  CHECK(sim.stats().requests_for("GET /v1/vms") == 1);

  SUBCASE("two VMs of that name: the outcome stays unknown") {
    sim.inject({{"fault", "sse_cut"}, {"method", "POST"}, {"path", "/v1/vms"}});
    auto twin = sim.run([&] { return provider->create(small_vm("cut-1"), {}, {}); });
    REQUIRE(!twin.has_value());
    CHECK(twin.error().kind == ErrorKind::unknown_outcome);
    CHECK(twin.error().message.find("2 VMs named \"cut-1\"") != std::string::npos);
    CHECK(sim.stats().requests_for("POST /v1/vms") == 2);
  }
}

TEST_CASE("openscaler over TLS: a create refused locally sends nothing") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  auto spec = small_vm("tagged");
  spec.tags = {{"role", "web"}};
  auto refused = sim.run([&] { return provider->create(spec, {}, {}); });
  REQUIRE(!refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("openscaler over TLS: an empty - dot or dot-dot id is refused before anything is sent") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  for (std::string const id : {"", ".", ".."}) {
    CAPTURE(id);
    auto got = sim.run([&] { return provider->get(id, {}); });
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().kind == ErrorKind::invalid_argument);
    CHECK(got.error().operation == "get");
    for (auto op : {Operation::remove, Operation::start, Operation::stop, Operation::reboot}) {
      auto done = sim.run([&]() -> boost::asio::awaitable<Result<void>> {
        switch (op) {
          case Operation::remove: co_return co_await provider->remove(id, {});
          case Operation::start: co_return co_await provider->start(id, {});
          case Operation::stop: co_return co_await provider->stop(id, {});
          default: co_return co_await provider->reboot(id, {});
        }
      });
      REQUIRE_FALSE(done.has_value());
      CHECK(done.error().kind == ErrorKind::invalid_argument);
      CHECK(done.error().operation == to_string(op));
    }
  }
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("openscaler over TLS: stop, start, reboot and delete") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  auto state_of = [&](std::string const& id) {
    GetOptions options;
    options.provider_options = {{"only", "state"}};
    auto vm = sim.run([&] { return provider->get(id, options); });
    REQUIRE(vm.has_value());
    return vm->state;
  };
  auto ok = [&](Result<void> const& result) {
    if (!result) FAIL(result.error().to_string());
  };

  ok(sim.run([&] { return provider->stop("8", {}); }));
  CHECK(state_of("8") == State::stopped);
  ok(sim.run([&] { return provider->start("8", {}); }));
  CHECK(state_of("8") == State::running);
  ok(sim.run([&] { return provider->reboot("8", {}); }));
  CHECK(state_of("8") == State::running);
  CHECK(sim.stats().requests_for("POST /v1/vms/8/actions") == 3);

  ok(sim.run([&] { return provider->remove("8", {}); }));
  auto gone = sim.run([&] { return provider->get("8", {}); });
  REQUIRE(!gone.has_value());
  CHECK(gone.error().kind == ErrorKind::not_found);
  auto twice = sim.run([&] { return provider->remove("8", {}); });
  REQUIRE(!twice.has_value());
  CHECK(twice.error().kind == ErrorKind::not_found);
  CHECK(twice.error().operation == "delete");

  auto missing = sim.run([&] { return provider->start("999999", {}); });
  REQUIRE(!missing.has_value());
  CHECK(missing.error().kind == ErrorKind::not_found);
  CHECK(missing.error().operation == "start");
}

TEST_CASE("openscaler over TLS: a shutdown answered 408 is a timeout - power_off is configurable") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "status"}, {"method", "POST"}, {"path", "/v1/vms/*/actions"}, {"status", 408},
              {"message", "shutdown timed out"}});
  auto stopped = sim.run([&] { return provider->stop("8", {}); });
  REQUIRE(!stopped.has_value());
  CHECK(stopped.error().kind == ErrorKind::timeout);
  CHECK(stopped.error().http_status == 408);
  CHECK(stopped.error().operation == "stop");
  CHECK(stopped.error().message.find("shutdown timed out") == 0);
  CHECK(sim.stats().requests_for("POST /v1/vms/8/actions") == 1);  // a power action is not retried

  auto forceful = sim.provider({{"project_id", "default"}, {"stop_action", "power_off"}});
  auto off = sim.run([&] { return forceful->stop("8", {}); });
  CHECK(off.has_value());
}

TEST_CASE("openscaler over TLS: a stalled answer ends at the caller's deadline") {
  SimulatedOpenScaler sim;
  auto provider = sim.provider();
  sim.inject({{"fault", "stall"}, {"method", "GET"}, {"path", "/v1/vms/8"}, {"duration_ms", 5000}});
  GetOptions options;
  options.call = CallOptions::within(300ms);
  auto vm = sim.run([&] { return provider->get("8", options); });
  REQUIRE(!vm.has_value());
  CHECK(vm.error().kind == ErrorKind::timeout);
  CHECK(vm.error().provider == "alg");
  CHECK(vm.error().operation == "get");
}

TEST_CASE("openscaler: the sandbox's printed config works unchanged") {
  sim::SandboxOptions options;
  options.instances = 6;
  options.create_progress_interval = 10ms;
  auto sandbox = sim::Sandbox::start(options);
  auto config = parse_config(sandbox->config_json({"openscaler"}), "sandbox.json");
  REQUIRE(config.has_value());
  Runner runner;
  int providers = 0;
  for (auto const& provider_config : config->providers) {
    CAPTURE(provider_config.name);
    REQUIRE(provider_config.type == "openscaler");
    auto provider = make_provider(provider_config, ProviderContext{runner.executor(), {}});
    REQUIRE(provider.has_value());
    auto vms = list_all(runner, **provider);
    REQUIRE(!vms.empty());
    auto vm = runner.run([&] { return (*provider)->get(vms.front().id, {}); });
    REQUIRE(vm.has_value());
    CHECK(vm->name == vms.front().name);
    int progress = 0;
    auto created = runner.run([&] {
      return (*provider)->create(small_vm("sandboxed"), [&](Progress const&) { ++progress; }, {});
    });
    REQUIRE(created.has_value());
    CHECK(progress >= 1);
    ++providers;
  }
  CHECK(providers >= 1);
}
