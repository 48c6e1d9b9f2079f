// The Katapult simulator, driven with raw HTTP: list shape and pagination (counted and large_set),
// annotation filters, lookups, builds and tasks over a hand-driven clock, trash, errors, auth, rate limit
// and an injected fault.
#include "raw_client.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/server.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <set>

namespace {

using polycloud::sim::KatapultApi;
using polycloud::sim::KatapultOptions;
using polycloud::sim::Server;
using polycloud::sim::ServerOptions;
using polycloud::sim::testing::RawClient;
using polycloud::sim::testing::RawResponse;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char const* kToken = "katapult-sim-token";
constexpr char const* kList = "/core/v1/organizations/organization/virtual_machines";
constexpr char const* kVm = "/core/v1/virtual_machines/virtual_machine";

using polycloud::sim::ManualClock;

// Brackets percent-encoded, as a URL library writes them (the raw form is tested once, on its own).
std::string encoded(std::string const& target) {
  std::string out;
  for (char const c : target) out += c == '[' ? "%5B" : c == ']' ? "%5D" : std::string(1, c);
  return out;
}

struct Sim {
  std::shared_ptr<KatapultApi> api;
  std::unique_ptr<Server> server;
  std::unique_ptr<RawClient> client;
  ManualClock clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1'750'000'000'000))};

  explicit Sim(KatapultOptions options = {}, bool tls = false) {
    options.clock = clock.source();
    api = std::make_shared<KatapultApi>(std::move(options));
    ServerOptions server_options;
    server_options.tls = tls;
    server = Server::start(api, server_options);
    client = std::make_unique<RawClient>(server->port(), tls ? server->ca_pem() : std::string{});
  }

  RawResponse call(std::string const& method, std::string const& target, std::string const& body = {}) {
    return client->authorized(kToken, method, encoded(target), body);
  }
  json::object ok(std::string const& method, std::string const& target, std::string const& body = {},
                  int status = 200) {
    auto const response = call(method, target, body);
    INFO(method << " " << target << " → " << response.body);
    REQUIRE(response.status == status);
    CHECK(response.header("Content-Type") == "application/json");
    return json::parse(response.body).as_object();
  }
  json::object list(std::string const& query) { return ok("GET", std::string(kList) + "?" + query); }
  json::object get_vm(std::string const& id) { return ok("GET", std::string(kVm) + "?virtual_machine[id]=" + id); }
};

/// One 503 for the next GET under /organizations (the list route), through the control endpoint.
void queue_list_fault(RawClient& control) {
  auto const queued = control.request(
      "POST", "/__sim/faults", R"({"fault":"status","status":503,"method":"GET","path":"/core/v1/organizations/*"})");
  REQUIRE(queued.status == 201);
}

std::string vm_body(json::string_view id) {
  return json::serialize(json::object{{"virtual_machine", json::object{{"id", id}}}});
}

// The error must be wrapped {"error":{code,description,detail}} with the given status and code.
json::object check_error(RawResponse const& response, int status, std::string_view code) {
  INFO(response.body);
  CHECK(response.status == status);
  auto const parsed = json::parse(response.body).as_object();
  REQUIRE(parsed.size() == 1);
  auto const& error = parsed.at("error").as_object();
  CHECK(error.at("code").as_string() == code);
  CHECK(error.at("description").is_string());
  CHECK(error.at("detail").is_object());
  return error.at("detail").as_object();
}

std::set<std::string> keys_of(json::object const& object) {
  std::set<std::string> keys;
  for (auto const& entry : object) keys.emplace(entry.key());
  return keys;
}

}  // namespace

TEST_CASE("the simulators' default clock reads today's date and never runs backwards") {
  // It follows the steady clock from its start, so an NTP step mid-test cannot move a timeline.
  auto const clock = polycloud::sim::system_clock_source();
  auto const first = clock();
  auto const off = first - std::chrono::system_clock::now();
  CHECK(std::chrono::abs(off) < std::chrono::seconds{5});
  auto previous = first;
  for (int i = 0; i < 1000; ++i) {
    auto const now = clock();
    REQUIRE(now >= previous);
    previous = now;
  }
}

TEST_CASE("katapult list items have exactly the seed page's shape and cover every nullable both ways") {
  Sim sim;
  auto const page = sim.list("organization[sub_domain]=polycloud-sim&per_page=36");
  auto const& pagination = page.at("pagination").as_object();
  CHECK(keys_of(pagination) == std::set<std::string>{"current_page", "total_pages", "total", "per_page", "large_set"});
  CHECK(pagination.at("total").as_int64() == 36);
  CHECK(pagination.at("large_set").as_bool() == false);
  auto const& vms = page.at("virtual_machines").as_array();
  REQUIRE(vms.size() == 36);
  std::set<std::string> const item_keys{"id",   "name",    "hostname", "fqdn",         "created_at",
                                        "zone", "package", "gpu_type", "ip_addresses", "hypervisor"};
  int null_packages = 0, gpus = 0, null_hypervisors = 0, non_ascii = 0;
  for (auto const& value : vms) {
    auto const& vm = value.as_object();
    CHECK(keys_of(vm) == item_keys);  // no state in list items
    CHECK(vm.at("id").as_string().starts_with("vm_"));
    CHECK(vm.at("created_at").is_int64());
    auto const& zone = vm.at("zone").as_object();
    CHECK(keys_of(zone) == std::set<std::string>{"id", "name", "permalink", "data_center"});
    auto const& data_center = zone.at("data_center").as_object();
    CHECK(keys_of(data_center) == std::set<std::string>{"id", "name", "permalink", "country"});
    CHECK(keys_of(data_center.at("country").as_object()) ==
          std::set<std::string>{"id", "name", "iso_code2", "iso_code3", "time_zone", "eu"});
    if (vm.at("package").is_null()) {
      ++null_packages;
    } else {
      CHECK(keys_of(vm.at("package").as_object()) == std::set<std::string>{"name"});
    }
    if (!vm.at("gpu_type").is_null()) {
      ++gpus;
      CHECK(keys_of(vm.at("gpu_type").as_object()) == std::set<std::string>{"id", "name", "permalink"});
    }
    if (vm.at("hypervisor").is_null()) {
      ++null_hypervisors;
    } else {
      CHECK(keys_of(vm.at("hypervisor").as_object()) == std::set<std::string>{"id", "name"});
    }
    for (auto const& address : vm.at("ip_addresses").as_array()) {
      CHECK(keys_of(address.as_object()) == std::set<std::string>{"address"});
    }
    auto const name = vm.at("name").as_string();
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) ++non_ascii;
  }
  CHECK(null_packages > 0);
  CHECK(null_packages < 36);
  CHECK(gpus > 0);
  CHECK(null_hypervisors > 0);
  CHECK(null_hypervisors < 36);
  CHECK(non_ascii > 0);
}

TEST_CASE("katapult pagination walks every page once, by organization id or sub_domain") {
  KatapultOptions options;
  options.instances = 95;
  Sim sim(options);
  for (std::string const organization : {"organization[id]=org_PolyCloudSim001", "organization[sub_domain]=polycloud-sim"}) {
    std::vector<std::string> ids;
    auto const first = sim.list(organization + "&per_page=20");
    auto const total_pages = first.at("pagination").at("total_pages").as_int64();
    CHECK(total_pages == 5);
    CHECK(first.at("pagination").at("total").as_int64() == 95);
    for (std::int64_t page = 1; page <= total_pages; ++page) {
      auto const body = sim.list(organization + "&per_page=20&page=" + std::to_string(page));
      CHECK(body.at("pagination").at("current_page").as_int64() == page);
      CHECK(body.at("pagination").at("per_page").as_int64() == 20);
      for (auto const& vm : body.at("virtual_machines").as_array()) ids.emplace_back(vm.at("id").as_string());
    }
    REQUIRE(ids.size() == 95);
    for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == sim.api->generated_id(i));
    CHECK(sim.list(organization + "&per_page=20&page=6").at("virtual_machines").as_array().empty());
  }
  // Defaults: page 1, 30 per page.
  auto const defaults = sim.list("organization[sub_domain]=polycloud-sim");
  CHECK(defaults.at("pagination").at("per_page").as_int64() == 30);
  CHECK(defaults.at("pagination").at("current_page").as_int64() == 1);
  CHECK(defaults.at("virtual_machines").as_array().size() == 30);
}

TEST_CASE("katapult large sets hide their totals - paging until a short page still sees every VM once") {
  KatapultOptions options;
  options.instances = 260;
  options.large_set_threshold = 100;
  Sim sim(options);
  std::set<std::string> ids;
  std::int64_t page = 1;
  for (;; ++page) {
    auto const body = sim.list("organization[sub_domain]=polycloud-sim&per_page=50&page=" + std::to_string(page));
    auto const& pagination = body.at("pagination").as_object();
    CHECK(pagination.at("large_set").as_bool());
    CHECK(pagination.at("total").is_null());
    CHECK(pagination.at("total_pages").is_null());
    auto const& vms = body.at("virtual_machines").as_array();
    for (auto const& vm : vms) CHECK(ids.emplace(vm.at("id").as_string()).second);
    if (vms.size() < 50) break;
  }
  CHECK(page == 6);
  CHECK(ids.size() == 260);
}

TEST_CASE("katapult list argument errors") {
  Sim sim;
  check_error(sim.call("GET", std::string(kList)), 400, "invalid_argument");
  check_error(sim.call("GET", std::string(kList) + "?organization[id]=org_PolyCloudSim001&organization[sub_domain]=polycloud-sim"),
              400, "invalid_argument");
  check_error(sim.call("GET", std::string(kList) + "?organization[sub_domain]=nobody"), 404, "organization_not_found");
  check_error(sim.call("GET", std::string(kList) + "?organization[id]=org_nobody"), 404, "organization_not_found");
  check_error(sim.call("GET", std::string(kList) + "?organization[sub_domain]=suspended-org"), 403,
              "organization_suspended");
  for (std::string const bad : {"per_page=201", "per_page=0", "per_page=abc", "page=0", "page=-1", "page=x"}) {
    check_error(sim.call("GET", std::string(kList) + "?organization[sub_domain]=polycloud-sim&" + bad), 400,
                "invalid_argument");
  }
  CHECK(sim.list("organization[sub_domain]=polycloud-sim&per_page=200").at("virtual_machines").as_array().size() == 36);
  // An annotation key without its value.
  check_error(sim.call("GET", std::string(kList) + "?organization[sub_domain]=polycloud-sim&annotations[][key]=role"), 400,
              "invalid_argument");
  check_error(sim.call("GET", "/core/v1/no/such/route"), 404, "route_not_found");
  check_error(sim.call("GET", "/v1/instances"), 404, "route_not_found");
  check_error(sim.call("DELETE", kVm, "{not json"), 400, "invalid_json_body");
}

TEST_CASE("katapult annotation filters: every listed VM carries all requested pairs") {
  KatapultOptions options;
  options.instances = 120;
  Sim sim(options);
  // Percent-encoded brackets, as a client's URL encoder writes them.
  auto const body = sim.list(
      "organization%5Bsub_domain%5D=polycloud-sim&per_page=200&annotations%5B%5D%5Bkey%5D=role&annotations%5B%5D%5Bvalue%5D=db"
      "&annotations%5B%5D%5Bkey%5D=env&annotations%5B%5D%5Bvalue%5D=staging");
  auto const& vms = body.at("virtual_machines").as_array();
  std::size_t expected = 0;
  for (std::size_t index = 0; index < 120; ++index) expected += index % 3 == 1 && (index / 3) % 2 == 1 ? 1 : 0;
  CHECK(vms.size() == expected);
  CHECK(body.at("pagination").at("total").as_int64() == static_cast<std::int64_t>(expected));
  for (auto const& vm : vms) {
    auto const full = sim.get_vm(std::string(vm.at("id").as_string()));
    std::set<std::pair<std::string, std::string>> pairs;
    for (auto const& annotation : full.at("annotations").as_array()) {
      pairs.emplace(annotation.at("key").as_string(), annotation.at("value").as_string());
    }
    CHECK(pairs.contains({"role", "db"}));
    CHECK(pairs.contains({"env", "staging"}));
  }
  auto const none = sim.list("organization[sub_domain]=polycloud-sim&annotations[][key]=role&annotations[][value]=nope");
  CHECK(none.at("virtual_machines").as_array().empty());
  CHECK(none.at("pagination").at("total").as_int64() == 0);
}

TEST_CASE("katapult get: full VM by id or fqdn, every documented state, lookup errors") {
  Sim sim;
  std::set<std::string> states;
  for (std::size_t index = 0; index < 12; ++index) {
    auto const body = sim.get_vm(sim.api->generated_id(index));
    auto const& vm = body.at("virtual_machine").as_object();
    for (char const* key : {"id", "name", "hostname", "fqdn", "description", "created_at", "state", "zone", "organization",
                            "package", "cpu_cores", "memory_in_gb", "gpu_type", "ip_addresses", "hypervisor", "tags",
                            "tag_names"}) {
      CHECK_MESSAGE(vm.contains(key), key);
    }
    states.emplace(vm.at("state").as_string());
    if (vm.at("package").is_object()) {
      CHECK(keys_of(vm.at("package").as_object()) ==
            std::set<std::string>{"id", "name", "permalink", "cpu_cores", "memory_in_gb", "storage_in_gb"});
    }
    CHECK(body.at("annotations").is_array());
    // The same VM by fqdn.
    auto const by_fqdn = sim.ok("GET", std::string(kVm) + "?virtual_machine[fqdn]=" + std::string(vm.at("fqdn").as_string()));
    CHECK(by_fqdn.at("virtual_machine").at("id") == vm.at("id"));
  }
  CHECK(states == std::set<std::string>(polycloud::sim::katapult::kVmStates.begin(),
                                        polycloud::sim::katapult::kVmStates.end()));
  check_error(sim.call("GET", std::string(kVm) + "?virtual_machine[id]=vm_doesnotexist"), 404, "virtual_machine_not_found");
  check_error(sim.call("GET", std::string(kVm) + "?virtual_machine[id]=" + sim.api->generated_id(36)), 404,
              "virtual_machine_not_found");
  check_error(sim.call("GET", std::string(kVm) + "?virtual_machine[fqdn]=vm-99.elsewhere.example"), 404,
              "virtual_machine_not_found");
  check_error(sim.call("GET", kVm), 400, "invalid_argument");
  // Query and body arguments merge, the body winning.
  auto const merged = sim.ok("GET", std::string(kVm) + "?virtual_machine[id]=vm_bogus", vm_body(sim.api->generated_id(5)));
  CHECK(merged.at("virtual_machine").at("id").as_string() == sim.api->generated_id(5));
}

TEST_CASE("katapult build: 201, build pending → building → complete while the VM allocates, starts, starts") {
  KatapultOptions options;
  options.build_duration = 300ms;
  Sim sim(options);
  auto const request = json::serialize(json::object{
      {"organization", json::object{{"sub_domain", "polycloud-sim"}}},
      {"package", json::object{{"permalink", "rock-6"}}},
      {"data_center", json::object{{"permalink", "nl-ams-01"}}},
      {"hostname", "web-new"},
      {"annotations", json::array{json::object{{"key", "role"}, {"value", "fresh"}}}}});
  auto const created = sim.ok("POST", std::string(kList) + "/build", request, 201);
  CHECK(created.at("hostname").as_string() == "web-new");
  auto const build_id = std::string(created.at("virtual_machine_build").at("id").as_string());
  CHECK(created.at("virtual_machine_build").at("state").as_string() == "pending");
  auto const task_id = std::string(created.at("task").at("id").as_string());
  CHECK(created.at("task").at("status").as_string() == "pending");

  auto const status = [&] {
    return sim.ok("GET", "/core/v1/virtual_machines/builds/virtual_machine_build?virtual_machine_build[id]=" + build_id)
        .at("virtual_machine_build")
        .as_object();
  };
  auto build = status();
  CHECK(build.at("state").as_string() == "pending");
  CHECK(build.at("virtual_machine").is_null());
  sim.clock.advance(100ms);
  build = status();
  CHECK(build.at("state").as_string() == "building");
  CHECK(build.at("virtual_machine").at("state").as_string() == "starting");
  auto const vm_id = std::string(build.at("virtual_machine").at("id").as_string());
  CHECK(sim.ok("GET", "/core/v1/tasks/task?task[id]=" + task_id).at("task").at("status").as_string() == "running");
  sim.clock.advance(200ms);
  build = status();
  CHECK(build.at("state").as_string() == "complete");
  CHECK(build.at("virtual_machine").at("state").as_string() == "started");
  auto const task = sim.ok("GET", "/core/v1/tasks/task?task[id]=" + task_id).at("task").as_object();
  CHECK(task.at("status").as_string() == "completed");
  CHECK(task.at("progress").as_int64() == 100);

  auto const vm = sim.get_vm(vm_id);
  CHECK(vm.at("virtual_machine").at("hostname").as_string() == "web-new");
  CHECK(vm.at("virtual_machine").at("package").at("permalink").as_string() == "rock-6");
  CHECK(vm.at("virtual_machine").at("zone").at("data_center").at("permalink").as_string() == "nl-ams-01");
  CHECK(vm.at("annotations").as_array().size() == 1);
  auto const listed = sim.list("organization[sub_domain]=polycloud-sim&per_page=200");
  CHECK(listed.at("pagination").at("total").as_int64() == 37);
  CHECK(listed.at("virtual_machines").as_array().back().at("id").as_string() == vm_id);
  auto const by_annotation = sim.list("organization[sub_domain]=polycloud-sim&annotations[][key]=role&annotations[][value]=fresh");
  CHECK(by_annotation.at("virtual_machines").as_array().size() == 1);
}

TEST_CASE("katapult build failures and build errors") {
  Sim sim;
  auto const failing = sim.ok("POST", std::string(kList) + "/build",
                              R"({"organization":{"sub_domain":"polycloud-sim"},"package":{"permalink":"rock-3"},"hostname":"fail-me"})",
                              201);
  sim.clock.advance(1s);
  auto const build = sim.ok("GET", "/core/v1/virtual_machines/builds/virtual_machine_build?virtual_machine_build[id]=" +
                                       std::string(failing.at("virtual_machine_build").at("id").as_string()));
  CHECK(build.at("virtual_machine_build").at("state").as_string() == "failed");
  CHECK(build.at("virtual_machine_build").at("virtual_machine").at("state").as_string() == "failed");
  CHECK(sim.ok("GET", "/core/v1/tasks/task?task[id]=" + std::string(failing.at("task").at("id").as_string()))
            .at("task")
            .at("status")
            .as_string() == "failed");

  std::string const build_path = std::string(kList) + "/build";
  check_error(sim.call("POST", build_path, R"({"organization":{"sub_domain":"polycloud-sim"}})"), 400,
              "missing_required_argument");
  check_error(sim.call("POST", build_path, R"({"organization":{"sub_domain":"polycloud-sim"},"package":{"permalink":"huge"}})"),
              404, "package_not_found");
  check_error(sim.call("POST", build_path,
                       R"({"organization":{"sub_domain":"polycloud-sim"},"package":{"permalink":"rock-3"},"zone":{"permalink":"mars"}})"),
              404, "zone_not_found");
  auto const detail = check_error(
      sim.call("POST", build_path,
               R"({"organization":{"sub_domain":"polycloud-sim"},"package":{"permalink":"rock-3"},"hostname":"Bad Name!"})"),
      422, "validation_error");
  CHECK(detail.at("errors").as_array().size() == 1);
  check_error(sim.call("POST", build_path, R"({"package":{"permalink":"rock-3"}})"), 400, "invalid_argument");
  check_error(sim.call("GET", "/core/v1/virtual_machines/builds/virtual_machine_build?virtual_machine_build[id]=vmbuild_nope"),
              404, "build_not_found");
  check_error(sim.call("GET", "/core/v1/tasks/task?task[id]=task_nope"), 404, "task_not_found");
}

TEST_CASE("katapult power actions return tasks that complete over time and move the VM's state") {
  KatapultOptions options;
  options.task_duration = 90ms;
  Sim sim(options);
  std::string const id = sim.api->generated_id(0);  // index 0 is "started"
  struct Step {
    char const* action;
    char const* during;
    char const* after;
  };
  for (auto const step : {Step{"stop", "stopping", "stopped"}, Step{"start", "starting", "started"},
                          Step{"shutdown", "shutting_down", "stopped"}, Step{"reset", "resetting", "started"}}) {
    CAPTURE(step.action);
    auto const answer = sim.ok("POST", std::string(kVm) + "/" + step.action, vm_body(id));
    auto const& task = answer.at("task").as_object();
    CHECK(task.at("status").as_string() == "pending");
    CHECK(task.at("progress").as_int64() == 0);
    CHECK(task.at("name").is_string());
    CHECK(sim.get_vm(id).at("virtual_machine").at("state").as_string() == step.during);
    sim.clock.advance(45ms);
    auto const running = sim.ok("GET", "/core/v1/tasks/task?task[id]=" + std::string(task.at("id").as_string()));
    CHECK(running.at("task").at("status").as_string() == "running");
    CHECK(running.at("task").at("progress").as_int64() == 50);
    sim.clock.advance(45ms);
    auto const done = sim.ok("GET", "/core/v1/tasks/task?task[id]=" + std::string(task.at("id").as_string()));
    CHECK(done.at("task").at("status").as_string() == "completed");
    CHECK(done.at("task").at("finished_at").is_int64());
    CHECK(sim.get_vm(id).at("virtual_machine").at("state").as_string() == step.after);
  }
  // The VM id in the query string works as well as in the body.
  sim.ok("POST", std::string(kVm) + "/stop?virtual_machine[id]=" + id);
  check_error(sim.call("POST", std::string(kVm) + "/stop", vm_body("vm_nope")), 404, "virtual_machine_not_found");
  check_error(sim.call("POST", std::string(kVm) + "/explode", vm_body(id)), 404, "route_not_found");
}

TEST_CASE("katapult delete moves the VM to the trash - purge removes it for good") {
  Sim sim;
  std::string const id = sim.api->generated_id(3);
  auto const deleted = sim.ok("DELETE", kVm, vm_body(id));
  auto const& trash = deleted.at("trash_object").as_object();
  CHECK(keys_of(trash) == std::set<std::string>{"id", "keep_until", "object_id", "object_type"});
  CHECK(trash.at("object_id").as_string() == id);
  CHECK(trash.at("keep_until").is_int64());
  CHECK(deleted.at("virtual_machine").at("id").as_string() == id);
  CHECK(sim.list("organization[sub_domain]=polycloud-sim").at("pagination").at("total").as_int64() == 35);
  check_error(sim.call("GET", std::string(kVm) + "?virtual_machine[id]=" + id), 406, "object_in_trash");
  check_error(sim.call("POST", std::string(kVm) + "/start", vm_body(id)), 406, "object_in_trash");
  check_error(sim.call("DELETE", kVm, vm_body(id)), 406, "object_in_trash");

  auto const purged =
      sim.ok("DELETE", "/core/v1/trash_objects/trash_object?trash_object[id]=" + std::string(trash.at("id").as_string()));
  CHECK(purged.at("task").at("status").as_string() == "completed");
  check_error(sim.call("GET", std::string(kVm) + "?virtual_machine[id]=" + id), 404, "virtual_machine_not_found");
  check_error(sim.call("DELETE", "/core/v1/trash_objects/trash_object?trash_object[object_id]=" + id), 404,
              "trash_object_not_found");
}

// Untouched VMs are listed through a fast text path, changed ones through their documents: either
// way a list item is the list form of what a get answers, before and after builds, power and trash.
TEST_CASE("katapult list items match the VM each get answers - generated and changed alike") {
  KatapultOptions options;
  options.task_duration = 90ms;
  Sim sim(options);
  auto const id = [&](std::size_t index) { return sim.api->generated_id(index); };
  sim.ok("POST", std::string(kVm) + "/start", vm_body(id(7)));    // allocating → starting: now on a hypervisor
  sim.ok("POST", std::string(kVm) + "/start", vm_body(id(10)));   // failed → starting
  sim.ok("POST", std::string(kVm) + "/shutdown", vm_body(id(0)));  // started → shutting_down
  sim.ok("DELETE", kVm, vm_body(id(3)));                          // trashed: no longer listed
  sim.ok("POST", std::string(kList) + "/build",
         R"({"organization":{"sub_domain":"polycloud-sim"},"package":{"permalink":"rock-3"},"hostname":"made"})", 201);
  sim.clock.advance(45ms);

  auto const page = sim.list("organization[sub_domain]=polycloud-sim&per_page=200");
  auto const& items = page.at("virtual_machines").as_array();
  REQUIRE(items.size() == 36);  // 36 generated, one trashed, one built
  std::set<std::string> ids;
  for (auto const& item : items) {
    auto const vm_id = std::string(item.at("id").as_string());
    CAPTURE(vm_id);
    ids.insert(vm_id);
    auto const full = sim.get_vm(vm_id).at("virtual_machine").as_object();
    CHECK(json::serialize(item) == json::serialize(polycloud::sim::katapult::list_item(full)));
  }
  CHECK_FALSE(ids.contains(id(3)));
  CHECK(ids.contains(id(36)));
  // The changed VMs moved: hypervisors appeared where the generated state had none.
  CHECK(items[6].at("hypervisor").is_object());  // index 7, after the trashed index 3
  CHECK(items[9].at("hypervisor").is_object());  // index 10, after the trashed index 3
}

TEST_CASE("katapult auth: missing token is a 400, a wrong one a 403, both wrapped") {
  Sim sim;
  std::string const target = std::string(kList) + "?organization[sub_domain]=polycloud-sim";
  check_error(sim.client->request("GET", target), 400, "missing_api_token");
  check_error(sim.client->request("GET", target, {}, {{"Authorization", "Basic a2V5OnNlY3JldA=="}}), 400,
              "missing_api_token");
  check_error(sim.client->request("GET", target, {}, {{"Authorization", "Bearer "}}), 400, "missing_api_token");
  check_error(sim.client->authorized("wrong-token", "GET", target), 403, "invalid_api_token");
  // Unencoded brackets, as curl sends them, work too.
  CHECK(sim.client->authorized(kToken, "GET", target).status == 200);
}

TEST_CASE("katapult rate limit: 429 rate_limit_reached with total_permitted and no Retry-After") {
  KatapultOptions options;
  options.rate_limit_per_minute = 3;
  Sim sim(options);
  std::string const query = "organization[sub_domain]=polycloud-sim&per_page=1";
  for (int i = 0; i < 3; ++i) sim.list(query);
  auto const limited = sim.call("GET", std::string(kList) + "?" + query);
  auto const detail = check_error(limited, 429, "rate_limit_reached");
  CHECK(detail.at("total_permitted").as_int64() == 3);
  CHECK(limited.header("Retry-After").empty());
  sim.clock.advance(60s);
  sim.list(query);
}

TEST_CASE("katapult faults injected on the list route use Katapult's error body") {
  Sim sim;
  RawClient control(sim.server->port());
  queue_list_fault(control);
  std::string const target = std::string(kList) + "?organization[sub_domain]=polycloud-sim";
  check_error(sim.call("GET", target), 503, "service_unavailable");
  CHECK(sim.call("GET", target).status == 200);
  auto const consumed = json::parse(control.request("GET", "/__sim/faults").body);
  CHECK(consumed.at("consumed").as_array().size() == 1);
  CHECK(sim.server->stats().snapshot().requests_for("GET " + std::string(kList)) == 2);
}

TEST_CASE("katapult serves a million VMs lazily, over TLS") {
  KatapultOptions options;
  options.instances = 1'000'000;
  options.large_set_threshold = 10'000;
  Sim sim(options, /*tls=*/true);
  auto const first = sim.list("organization[sub_domain]=polycloud-sim&per_page=200");
  CHECK(first.at("pagination").at("large_set").as_bool());
  CHECK(first.at("virtual_machines").as_array().size() == 200);
  auto const last = sim.list("organization[sub_domain]=polycloud-sim&per_page=200&page=5000");
  REQUIRE(last.at("virtual_machines").as_array().size() == 200);
  CHECK(last.at("virtual_machines").as_array().back().at("id").as_string() == sim.api->generated_id(999'999));
  CHECK(sim.list("organization[sub_domain]=polycloud-sim&per_page=200&page=5001").at("virtual_machines").as_array().empty());
  CHECK(sim.get_vm(sim.api->generated_id(999'999)).at("virtual_machine").at("hostname").as_string() == "vm-999999");
}

TEST_CASE("katapult sim reads raw and percent-encoded brackets alike - arguments route stats and faults") {
  Sim sim;
  RawClient control(sim.server->port());
  queue_list_fault(control);
  std::string const raw = std::string(kList) + "?organization[sub_domain]=polycloud-sim&per_page=2";
  // Raw brackets, as curl sends them: the fault's route matches the path, as for any other client.
  check_error(sim.client->authorized(kToken, "GET", raw), 503, "service_unavailable");
  auto const raw_page = sim.client->authorized(kToken, "GET", raw);
  auto const encoded_page = sim.client->authorized(kToken, "GET", encoded(raw));
  REQUIRE(raw_page.status == 200);
  REQUIRE(encoded_page.status == 200);
  CHECK(raw_page.body == encoded_page.body);
  CHECK(json::parse(raw_page.body).at("virtual_machines").as_array().size() == 2);
  CHECK(sim.server->stats().snapshot().requests_for("GET " + std::string(kList)) == 3);
  // An escape that is itself broken is no URL at all: no route, not a crash.
  CHECK(sim.client->authorized(kToken, "GET", std::string(kList) + "?organization[id]=%zz").status == 404);
}
