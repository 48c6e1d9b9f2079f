// The ByCloud simulator, driven with raw HTTP: the seed page's instance shape, every Nova status, marker
// pagination with absolute links, filters, create and actions over a hand-driven clock, errors, both
// auth schemes, rate-limit headers and 429, and an injected fault.
#include "raw_client.hpp"
#include "sim/bycloud/bycloud.hpp"
#include "sim/server.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <set>

namespace {

using polycloud::sim::ByCloudApi;
using polycloud::sim::ByCloudOptions;
using polycloud::sim::Server;
using polycloud::sim::ServerOptions;
using polycloud::sim::testing::RawClient;
using polycloud::sim::testing::RawResponse;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char const* kToken = "bycloud-sim-token";

using polycloud::sim::ManualClock;

struct Sim {
  std::shared_ptr<ByCloudApi> api;
  std::unique_ptr<Server> server;
  std::unique_ptr<RawClient> client;
  ManualClock clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1'750'000'020'000))};

  explicit Sim(ByCloudOptions options = {}) {
    options.clock = clock.source();
    options.scheme = "http";
    api = std::make_shared<ByCloudApi>(std::move(options));
    ServerOptions server_options;
    server_options.tls = false;
    server = Server::start(api, server_options);
    client = std::make_unique<RawClient>(server->port());
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  RawResponse call(std::string const& method, std::string const& target, std::string const& body = {}) {
    return client->authorized(kToken, method, target, body);
  }
  json::object ok(std::string const& method, std::string const& target, std::string const& body = {},
                  int status = 200) {
    auto const response = call(method, target, body);
    INFO(method << " " << target << " → " << response.body);
    REQUIRE(response.status == status);
    CHECK(response.header("Content-Type") == "application/json");
    return json::parse(response.body).as_object();
  }
  json::object list(std::string const& query = {}) { return ok("GET", "/v1/instances" + (query.empty() ? "" : "?" + query)); }
  json::object instance(std::string const& id) { return ok("GET", "/v1/instances/" + id).at("instance").as_object(); }
  std::string status_of(std::string const& id) { return std::string(instance(id).at("status").as_string()); }
  // The target of an absolute link to this server.
  std::string target_of(json::value const& link) const {
    std::string const url(link.as_string());
    REQUIRE(url.starts_with(origin() + "/v1/instances?"));
    return url.substr(origin().size());
  }
};

json::object check_error(RawResponse const& response, int status) {
  INFO(response.body);
  CHECK(response.status == status);
  auto const parsed = json::parse(response.body).as_object();
  REQUIRE(parsed.size() == 1);
  auto const& error = parsed.at("error").as_object();
  CHECK(error.at("code").as_int64() == status);
  CHECK(error.at("message").is_string());
  CHECK(error.at("request_id").as_string().starts_with("req-"));
  return error;
}

std::set<std::string> keys_of(json::object const& object) {
  std::set<std::string> keys;
  for (auto const& entry : object) keys.emplace(entry.key());
  return keys;
}

bool is_rfc3339(json::value const& value) {
  if (!value.is_string()) return false;
  auto const text = value.get_string();
  return text.size() == 20 && text[4] == '-' && text[10] == 'T' && text[13] == ':' && text.back() == 'Z';
}

std::vector<std::string> ids_of(json::object const& page) {
  std::vector<std::string> ids;
  for (auto const& instance : page.at("instances").as_array()) ids.emplace_back(instance.at("id").as_string());
  return ids;
}

}  // namespace

TEST_CASE("bycloud instances have the seed page's shape, and together every Nova status and power state") {
  Sim sim;
  auto const page = sim.list("limit=40");
  std::set<std::string> statuses, power_states, address_types, networks;
  std::set<std::int64_t> versions;
  std::set<std::string> const keys{"id",          "crn",      "name",      "description",      "status",
                                   "power_state", "task_state", "vm_state", "flavor",        "image",
                                   "addresses",   "security_groups", "volumes_attached", "key_names", "metadata",
                                   "tags",        "created_at", "updated_at", "launched_at",  "terminated_at"};
  int null_images = 0;
  for (auto const& value : page.at("instances").as_array()) {
    auto const& instance = value.as_object();
    std::string const status(instance.at("status").as_string());
    statuses.insert(status);
    power_states.emplace(instance.at("power_state").as_string());
    auto expected = keys;
    if (status == "ERROR") expected.insert("fault");
    CHECK(keys_of(instance) == expected);
    std::string const id(instance.at("id").as_string());
    CHECK(id.size() == 36);
    CHECK(instance.at("crn").as_string() == "crn:spo1:compute:instance:" + id);
    CHECK(keys_of(instance.at("flavor").as_object()) == std::set<std::string>{"id", "name", "vcpus", "ram", "disk"});
    if (instance.at("image").is_null()) {
      ++null_images;
    } else {
      CHECK(keys_of(instance.at("image").as_object()) == std::set<std::string>{"id", "name"});
    }
    for (auto const& [network, addresses] : instance.at("addresses").as_object()) {
      networks.emplace(network);
      for (auto const& address : addresses.as_array()) {
        CHECK(keys_of(address.as_object()) == std::set<std::string>{"addr", "version", "type", "mac_addr"});
        versions.insert(address.at("version").as_int64());
        address_types.emplace(address.at("type").as_string());
      }
    }
    for (char const* stamp : {"created_at", "updated_at"}) CHECK(is_rfc3339(instance.at(stamp)));
    for (char const* stamp : {"launched_at", "terminated_at"}) {
      CHECK((instance.at(stamp).is_null() || is_rfc3339(instance.at(stamp))));
    }
    CHECK(instance.at("task_state").is_null() != (status == "BUILD" || status == "REBOOT" || status == "HARD_REBOOT" ||
                                                   status == "PASSWORD" || status == "REBUILD" || status == "MIGRATING" ||
                                                   status == "RESIZE" || status == "REVERT_RESIZE"));
    if (status == "ERROR") {
      CHECK(keys_of(instance.at("fault").as_object()) == std::set<std::string>{"code", "message", "details", "created"});
    }
    if (status == "BUILD") CHECK(instance.at("launched_at").is_null());
    if (status == "DELETED") CHECK(is_rfc3339(instance.at("terminated_at")));
  }
  CHECK(statuses == std::set<std::string>(polycloud::sim::bycloud::kStatuses.begin(), polycloud::sim::bycloud::kStatuses.end()));
  CHECK(power_states == std::set<std::string>{"NOSTATE", "RUNNING", "PAUSED", "SHUTDOWN", "CRASHED", "SUSPENDED"});
  CHECK(networks == std::set<std::string>{"private-network", "public"});
  CHECK(versions == std::set<std::int64_t>{4, 6});
  CHECK(address_types == std::set<std::string>{"fixed", "floating"});
  CHECK(null_images > 0);
}

TEST_CASE("bycloud marker pagination: meta, absolute links, no duplicates or gaps, previous pages") {
  ByCloudOptions options;
  options.instances = 95;
  Sim sim(options);
  auto first = sim.list();
  auto const& meta = first.at("meta").as_object();
  CHECK(meta.at("total").as_int64() == 95);
  CHECK(meta.at("limit").as_int64() == 20);
  CHECK(meta.at("has_more").as_bool());
  CHECK(meta.at("marker").as_string() == sim.api->generated_id(19));
  CHECK(first.at("links").at("self").as_string() == sim.origin() + "/v1/instances");
  CHECK(first.at("links").at("next").as_string() ==
        sim.origin() + "/v1/instances?limit=20&marker=" + sim.api->generated_id(19));
  CHECK(first.at("links").at("previous").is_null());

  // Walk by meta.marker.
  std::vector<std::string> ids;
  std::vector<std::vector<std::string>> pages;
  std::string query = "limit=10";
  for (int guard = 0; guard < 20; ++guard) {
    auto const page = sim.list(query);
    pages.push_back(ids_of(page));
    ids.insert(ids.end(), pages.back().begin(), pages.back().end());
    if (!page.at("meta").at("has_more").as_bool()) {
      CHECK(page.at("links").at("next").is_null());
      break;
    }
    query = "limit=10&marker=" + std::string(page.at("meta").at("marker").as_string());
  }
  REQUIRE(ids.size() == 95);
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == sim.api->generated_id(i));
  CHECK(pages.size() == 10);

  // Walk by links.next, and check each page's previous link leads back one page.
  std::string target = "/v1/instances?limit=10";
  for (std::size_t page_number = 0; page_number < pages.size(); ++page_number) {
    auto const page = sim.ok("GET", target);
    CHECK(ids_of(page) == pages[page_number]);
    if (page_number > 0) {
      CHECK(ids_of(sim.ok("GET", sim.target_of(page.at("links").at("previous")))) == pages[page_number - 1]);
    }
    if (page.at("links").at("next").is_null()) break;
    target = sim.target_of(page.at("links").at("next"));
  }
  // After the last instance: an empty page whose previous link shows the last ten.
  auto const past = sim.list("limit=10&marker=" + sim.api->generated_id(94));
  CHECK(past.at("instances").as_array().empty());
  CHECK(past.at("meta").at("has_more").as_bool() == false);
  CHECK(past.at("meta").at("marker").is_null());
  auto const last_ten = ids_of(sim.ok("GET", sim.target_of(past.at("links").at("previous"))));
  CHECK(last_ten == std::vector<std::string>(ids.end() - 10, ids.end()));
}

TEST_CASE("bycloud list argument errors use the error schema") {
  Sim sim;
  auto const error = check_error(sim.call("GET", "/v1/instances?marker=550e8400-e29b-41d4-a716-446655440000"), 400);
  CHECK(error.at("details").is_string());
  check_error(sim.call("GET", "/v1/instances?marker=not-a-uuid"), 400);
  for (char const* limit : {"0", "1001", "abc", "-5"}) check_error(sim.call("GET", std::string("/v1/instances?limit=") + limit), 400);
  check_error(sim.call("GET", "/v1/instances/550e8400-e29b-41d4-a716-446655440000"), 404);
  check_error(sim.call("GET", "/v1/volumes"), 404);
  check_error(sim.call("PUT", "/v1/instances"), 405);
}

TEST_CASE("bycloud filters: name exact and prefix (percent-encoded), status, tags, flavor and image") {
  ByCloudOptions options;
  options.instances = 200;
  Sim sim(options);
  auto names = [&](std::string const& query) {
    std::vector<std::string> out;
    auto const page = sim.list("limit=1000&" + query);
    for (auto const& instance : page.at("instances").as_array()) {
      out.emplace_back(instance.at("name").as_string());
    }
    return out;
  };
  CHECK(names("name=web-3") == std::vector<std::string>{"web-3"});
  auto const web = names("name=web-*");
  CHECK(web.size() == 40);
  for (auto const& name : web) CHECK(name.starts_with("web-"));
  auto const spaced = names("name=app%20%26%20cache-*");
  CHECK(spaced.size() == 40);
  for (auto const& name : spaced) CHECK(name.starts_with("app & cache-"));
  auto const cyrillic = names("name=%D1%81%D0%B5%D1%80%D0%B2%D0%B5%D1%80-*");  // "сервер-*"
  CHECK(cyrillic.size() == 40);
  CHECK(names("name=web-").empty());  // exact match only without '*'

  auto const shutoff = sim.list("limit=1000&status=SHUTOFF");
  CHECK(shutoff.at("meta").at("total").as_int64() == 10);
  for (auto const& instance : shutoff.at("instances").as_array()) CHECK(instance.at("status").as_string() == "SHUTOFF");

  auto const tagged = sim.list("limit=1000&tags=web,production");
  CHECK(!tagged.at("instances").as_array().empty());
  for (auto const& instance : tagged.at("instances").as_array()) {
    auto const& tags = instance.at("tags").as_array();
    CHECK(std::find(tags.begin(), tags.end(), json::value("web")) != tags.end());
    CHECK(std::find(tags.begin(), tags.end(), json::value("production")) != tags.end());
  }
  std::string const flavor = "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a02";
  auto const by_flavor = sim.list("limit=1000&flavor_id=" + flavor);
  CHECK(!by_flavor.at("instances").as_array().empty());
  for (auto const& instance : by_flavor.at("instances").as_array()) CHECK(instance.at("flavor").at("id").as_string() == flavor);
  std::string const image = "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f03";
  auto const by_image = sim.list("limit=1000&image_id=" + image);
  CHECK(!by_image.at("instances").as_array().empty());
  for (auto const& instance : by_image.at("instances").as_array()) CHECK(instance.at("image").at("id").as_string() == image);

  // A filtered walk by marker sees each match once, and the links keep the filter.
  std::set<std::string> seen;
  std::string target = "/v1/instances?name=web-*&limit=7";
  for (int guard = 0; guard < 20; ++guard) {
    auto const page = sim.ok("GET", target);
    CHECK(page.at("meta").at("total").as_int64() == 40);
    for (auto const& id : ids_of(page)) CHECK(seen.insert(id).second);
    if (page.at("links").at("next").is_null()) break;
    target = sim.target_of(page.at("links").at("next"));
    CHECK(target.find("name=web-*") != std::string::npos);
  }
  CHECK(seen.size() == 40);
}

TEST_CASE("bycloud auth: bearer or X-Api-Key, 401 otherwise - credentials show in the stats") {
  Sim sim;
  check_error(sim.client->request("GET", "/v1/instances"), 401);
  check_error(sim.client->authorized("wrong", "GET", "/v1/instances"), 401);
  check_error(sim.client->request("GET", "/v1/instances", {}, {{"X-Api-Key", "sim-key-id:wrong"}}), 401);
  CHECK(sim.client->request("GET", "/v1/instances", {}, {{"X-Api-Key", "sim-key-id:sim-key-secret"}}).status == 200);
  CHECK(sim.client->authorized(kToken, "GET", "/v1/instances").status == 200);
  auto const credentials = sim.server->stats().snapshot().credentials.at(sim.server->origin());
  CHECK(credentials.at("sim-key-id:sim-key-secret") == 1);
  CHECK(credentials.at(std::string("Bearer ") + kToken) == 1);
}

TEST_CASE("bycloud rate limit: X-RateLimit-* on every answer, 429 with Retry-After when over") {
  ByCloudOptions options;
  options.rate_limit_per_minute = 3;
  Sim sim(options);
  std::int64_t const now_seconds = 1'750'000'020;
  std::string const reset = std::to_string((now_seconds / 60 + 1) * 60);
  for (int i = 0; i < 3; ++i) {
    auto const response = i == 1 ? sim.call("GET", "/v1/instances/nope") : sim.call("GET", "/v1/instances?limit=1");
    CHECK(response.header("X-RateLimit-Limit") == "3");
    CHECK(response.header("X-RateLimit-Remaining") == std::to_string(2 - i));
    CHECK(response.header("X-RateLimit-Reset") == reset);
  }
  auto const limited = sim.call("GET", "/v1/instances?limit=1");
  check_error(limited, 429);
  CHECK(limited.header("Retry-After") == std::to_string((now_seconds / 60 + 1) * 60 - now_seconds));
  CHECK(limited.header("X-RateLimit-Remaining") == "0");
  sim.clock.advance(60s);
  CHECK(sim.call("GET", "/v1/instances?limit=1").status == 200);
}

TEST_CASE("bycloud create: 202 in BUILD, then ACTIVE with networks - failures and validation") {
  ByCloudOptions options;
  options.build_duration = 200ms;
  Sim sim(options);
  auto const body = json::serialize(json::object{{"name", "новый-web"},
                                                 {"flavor_id", "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01"},
                                                 {"image_id", "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f01"},
                                                 {"metadata", json::object{{"owner", "test"}}},
                                                 {"tags", json::array{"fresh"}},
                                                 {"key_name", "my-keypair"}});
  auto const created = sim.ok("POST", "/v1/instances", body, 202).at("instance").as_object();
  std::string const id(created.at("id").as_string());
  CHECK(created.at("status").as_string() == "BUILD");
  CHECK(created.at("power_state").as_string() == "NOSTATE");
  CHECK(created.at("task_state").as_string() == "spawning");
  CHECK(created.at("launched_at").is_null());
  CHECK(created.at("name").as_string() == "новый-web");
  CHECK(sim.status_of(id) == "BUILD");
  sim.clock.advance(199ms);
  CHECK(sim.status_of(id) == "BUILD");
  sim.clock.advance(1ms);
  auto const active = sim.instance(id);
  CHECK(active.at("status").as_string() == "ACTIVE");
  CHECK(active.at("power_state").as_string() == "RUNNING");
  CHECK(active.at("task_state").is_null());
  CHECK(is_rfc3339(active.at("launched_at")));
  CHECK(!active.at("addresses").as_object().empty());
  auto const listed = sim.list("limit=100");
  CHECK(listed.at("meta").at("total").as_int64() == 41);
  CHECK(ids_of(listed).back() == id);
  CHECK(sim.list("tags=fresh").at("meta").at("total").as_int64() == 1);

  auto const failing = sim.ok("POST", "/v1/instances",
                              R"({"name":"fail-1","flavor_id":"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01"})", 202);
  sim.clock.advance(1s);
  auto const failed = sim.instance(std::string(failing.at("instance").at("id").as_string()));
  CHECK(failed.at("status").as_string() == "ERROR");
  CHECK(failed.at("fault").at("message").is_string());

  check_error(sim.call("POST", "/v1/instances", R"({"flavor_id":"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01"})"), 422);
  check_error(sim.call("POST", "/v1/instances", R"({"name":"x"})"), 422);
  check_error(sim.call("POST", "/v1/instances", R"({"name":"x","flavor_id":"nope"})"), 422);
  check_error(sim.call("POST", "/v1/instances", R"({"name":"x","flavor_id":"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01","image_id":"nope"})"), 422);
  check_error(sim.call("POST", "/v1/instances", "{oops"), 400);
}

TEST_CASE("bycloud start, stop and reboot: 202, transitions over time, 409 when not possible") {
  ByCloudOptions options;
  options.action_duration = 100ms;
  Sim sim(options);
  std::string const id = sim.api->generated_id(0);  // ACTIVE
  auto const act = [&](std::string const& action, std::string const& body = {}) {
    return sim.call("POST", "/v1/instances/" + id + "/" + action, body);
  };
  auto soft = act("reboot", R"({"type":"SOFT"})");
  CHECK(soft.status == 202);
  CHECK(json::parse(soft.body).at("message").is_string());
  CHECK(sim.status_of(id) == "REBOOT");
  check_error(act("reboot", R"({"type":"HARD"})"), 409);  // a task is running
  sim.clock.advance(100ms);
  CHECK(sim.status_of(id) == "ACTIVE");
  CHECK(act("reboot", R"({"type":"HARD"})").status == 202);
  CHECK(sim.status_of(id) == "HARD_REBOOT");
  sim.clock.advance(100ms);
  CHECK(act("stop").status == 202);
  auto const stopping = sim.instance(id);
  CHECK(stopping.at("status").as_string() == "ACTIVE");
  CHECK(stopping.at("task_state").as_string() == "powering-off");
  sim.clock.advance(100ms);
  CHECK(sim.status_of(id) == "SHUTOFF");
  check_error(act("reboot", R"({"type":"SOFT"})"), 409);
  check_error(act("reboot", R"({"type":"HARD"})"), 409);
  check_error(act("stop"), 409);
  CHECK(act("start").status == 202);
  CHECK(sim.instance(id).at("task_state").as_string() == "powering-on");
  sim.clock.advance(100ms);
  CHECK(sim.status_of(id) == "ACTIVE");
  check_error(act("start"), 409);
  check_error(act("reboot", R"({"type":"GENTLE"})"), 400);
  check_error(act("reboot"), 400);
  // An instance still building cannot be rebooted.
  check_error(sim.call("POST", "/v1/instances/" + sim.api->generated_id(1) + "/reboot", R"({"type":"SOFT"})"), 409);
  check_error(sim.call("POST", "/v1/instances/" + id + "/explode"), 404);
}

TEST_CASE("bycloud delete: 204, then gone from get and list - its id still works as a marker") {
  Sim sim;
  std::string const id = sim.api->generated_id(5);
  auto const deleted = sim.call("DELETE", "/v1/instances/" + id);
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  check_error(sim.call("GET", "/v1/instances/" + id), 404);
  check_error(sim.call("DELETE", "/v1/instances/" + id), 404);
  auto const listed = sim.list("limit=100");
  CHECK(listed.at("meta").at("total").as_int64() == 39);
  auto const ids = ids_of(listed);
  CHECK(std::find(ids.begin(), ids.end(), id) == ids.end());
  auto const after = sim.list("limit=1&marker=" + id);
  CHECK(ids_of(after) == std::vector<std::string>{sim.api->generated_id(6)});
}

TEST_CASE("bycloud injected faults answer with ByCloud's error body") {
  Sim sim;
  RawClient control(sim.server->port());
  REQUIRE(control.request("POST", "/__sim/faults",
                          R"({"fault":"status","status":503,"method":"GET","path":"/v1/instances","retry_after":"2"})")
              .status == 201);
  auto const faulted = sim.call("GET", "/v1/instances");
  check_error(faulted, 503);
  CHECK(faulted.header("Retry-After") == "2");
  CHECK(sim.call("GET", "/v1/instances").status == 200);
  CHECK(json::parse(control.request("GET", "/__sim/faults").body).at("consumed").as_array().size() == 1);
}

TEST_CASE("bycloud serves a million instances lazily, markers and filters included") {
  ByCloudOptions options;
  options.instances = 1'000'000;
  Sim sim(options);
  auto const first = sim.list("limit=1000");
  CHECK(first.at("instances").as_array().size() == 1000);
  CHECK(first.at("meta").at("total").as_int64() == 1'000'000);
  auto const tail = sim.list("limit=20&marker=" + sim.api->generated_id(999'989));
  CHECK(ids_of(tail).size() == 10);
  CHECK(ids_of(tail).back() == sim.api->generated_id(999'999));
  CHECK(tail.at("meta").at("has_more").as_bool() == false);
  // Names are "web-<index>" for indices 0–19, 100–119…: "web-99990*" matches 999900–999909 only.
  auto const filtered = sim.list("limit=1000&name=web-99990*");
  auto const& matches = filtered.at("instances").as_array();
  CHECK(matches.size() == 10);
  CHECK(filtered.at("meta").at("total").as_int64() == 10);
  for (auto const& instance : matches) CHECK(instance.at("name").as_string().starts_with("web-99990"));
  CHECK(sim.instance(sim.api->generated_id(999'999)).at("id").as_string() == sim.api->generated_id(999'999));
}

TEST_CASE("bycloud keypairs: Nova's wrapped list - or the bare form - created once per name with an MD5 fingerprint") {
  // Made by ssh-keygen for these tests; the fingerprint is what `ssh-keygen -E md5 -lf` printed.
  std::string const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZ8tlAqybv9p5brzVjLsx/s+2CLNfWpu0819Ukgumbz ops@polycloud";
  for (bool const bare : {false, true}) {
    CAPTURE(bare);
    ByCloudOptions options;
    options.bare_keypairs = bare;
    Sim sim(options);
    auto const add = json::serialize(json::object{{"keypair", {{"name", "laptop"}, {"public_key", key}}}});
    auto const created = sim.ok("POST", "/v1/keypairs", add, 201).at("keypair").as_object();
    CHECK(created.at("fingerprint").as_string() == "b3:1f:79:59:f6:ac:8c:56:d9:b2:a8:36:9c:ab:cd:b0");
    check_error(sim.call("POST", "/v1/keypairs", add), 409);  // the name is taken
    check_error(sim.call("POST", "/v1/keypairs", R"({"keypair":{"name":"x","public_key":"ssh-ed25519 AAAA"}})"), 400);
    check_error(sim.call("POST", "/v1/keypairs", R"({"name":"x"})"), 400);
    auto const listed = json::parse(sim.call("GET", "/v1/keypairs").body);
    auto const& items = bare ? listed.as_array() : listed.at("keypairs").as_array();
    REQUIRE(items.size() == 2);  // the seeded "my-keypair", then ours
    auto const& ours = bare ? items[1] : items[1].at("keypair");
    CHECK(ours.at("name").as_string() == "laptop");
    CHECK(ours.at("public_key").as_string() == key);
  }
}

TEST_CASE("bycloud create: a key_name must name a keypair - and the sim records the key_name received") {
  Sim sim;
  auto const with_key = [](std::string const& name, char const* key_name) {
    return json::serialize(json::object{{"name", name},
                                        {"flavor_id", "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01"},
                                        {"key_name", key_name}});
  };
  check_error(sim.call("POST", "/v1/instances", with_key("a", "nobody-s-keypair")), 400);
  auto const created = sim.ok("POST", "/v1/instances", with_key("b", "my-keypair"), 202).at("instance");
  CHECK(created.at("key_names") == json::array{"my-keypair"});
  auto const received = json::parse(sim.client->request("GET", "/__sim/received").body);
  CHECK(received.at("instances_created") == json::array{json::object{{"name", "b"}, {"key_name", "my-keypair"}}});
}
