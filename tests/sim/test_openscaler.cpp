// The OpenScaler simulator against the seed pages (seeds/000–002), driven with raw HTTP.
#include "raw_client.hpp"
#include "sim/openscaler/example_vm.hpp"
#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <set>
#include <sstream>

namespace {

using polycloud::sim::OpenScalerApi;
using polycloud::sim::OpenScalerOptions;
using polycloud::sim::Server;
using polycloud::sim::testing::RawClient;
namespace json = boost::json;

OpenScalerOptions with_instances(std::size_t instances, bool include_example = true) {
  OpenScalerOptions options;
  options.instances = instances;
  options.include_example = include_example;
  return options;
}

polycloud::sim::Fault fault(std::string method, std::string path, polycloud::sim::FaultKind kind, int status = 503) {
  polycloud::sim::Fault f;
  f.method = std::move(method);
  f.path = std::move(path);
  f.kind = kind;
  f.status = status;
  return f;
}

struct Fixture {
  std::unique_ptr<Server> server;
  std::unique_ptr<RawClient> client;
  std::string token;

  explicit Fixture(OpenScalerOptions options = {}, bool tls = false) : token(options.token) {
    options.create_progress_interval = std::chrono::milliseconds(1);
    polycloud::sim::ServerOptions server_options;
    server_options.tls = tls;
    server = Server::start(std::make_shared<OpenScalerApi>(options), server_options);
    client = std::make_unique<RawClient>(server->port(), tls ? server->ca_pem() : std::string{});
  }
  polycloud::sim::testing::RawResponse call(std::string const& method, std::string const& target,
                                            std::string const& body = {}) {
    return client->authorized(token, method, target, body);
  }
  json::value get_json(std::string const& target) {
    auto const response = call("GET", target);
    REQUIRE(response.status == 200);
    return json::parse(response.body);
  }
};

// The example object of the "Retrieve an existing VM" page, as the simulator stores it.
std::string seed_example_text() { return std::string(polycloud::sim::openscaler::kExampleVmJson); }

// Parses an event stream body into (event, data) pairs.
std::vector<std::pair<std::string, std::string>> parse_events(std::string const& body) {
  std::vector<std::pair<std::string, std::string>> events;
  std::istringstream in(body);
  std::string line, event;
  while (std::getline(in, line)) {
    if (line.starts_with("event: ")) event = line.substr(7);
    if (line.starts_with("data: ")) events.emplace_back(event, line.substr(6));
  }
  return events;
}

}  // namespace

TEST_CASE("openscaler: bearer auth, 401 with a JSON message otherwise") {
  Fixture sim;
  auto const missing = sim.client->request("GET", "/v1/vms?project_id=default");
  CHECK(missing.status == 401);
  CHECK(json::parse(missing.body).at("message").is_string());
  auto const wrong = sim.client->authorized("not-the-token", "GET", "/v1/vms?project_id=default");
  CHECK(wrong.status == 401);
  CHECK(sim.call("GET", "/v1/vms?project_id=default").status == 200);
}

TEST_CASE("openscaler: list requires project_id and serves the seed example verbatim in 'default'") {
  Fixture sim;
  CHECK(sim.call("GET", "/v1/vms").status == 400);
  CHECK(sim.call("GET", "/v1/vms?project_id=").status == 400);
  auto const response = sim.call("GET", "/v1/vms?project_id=default");
  CHECK(response.header("Content-Type") == "application/json");
  CHECK(response.body.find(seed_example_text()) != std::string::npos);
  auto const list = json::parse(response.body);
  auto const& vms = list.at("vms").as_array();
  CHECK(vms.size() == 1 + 12);  // the example + half of 24 generated
  CHECK(vms[0] == json::parse(seed_example_text()));
  CHECK(vms[0].at("id") == 8);
  CHECK(vms[0].at("name") == "my-example-computer");
  CHECK(vms[0].at("price_monthly").is_int64());  // 12, not 12.0, on this page
  CHECK(vms[0].at("disks").at(1).at("allocationBytes") == 4486426928);
  for (auto const& vm : vms) CHECK(vm.at("project_id") == "default");
  CHECK(sim.get_json("/v1/vms?project_id=staging").at("vms").as_array().size() == 12);
  CHECK(sim.get_json("/v1/vms?project_id=nobody").at("vms").as_array().empty());
}

TEST_CASE("openscaler: generated data covers every state, non-ASCII names, integer and fractional prices") {
  Fixture sim(with_instances(48));
  std::set<std::string> states;
  bool non_ascii = false, integer_price = false, fractional_price = false, null_public_ip = false;
  for (char const* project : {"default", "staging"}) {
    auto const list = sim.get_json(std::string("/v1/vms?project_id=") + project);
    for (auto const& vm : list.at("vms").as_array()) {
      auto const& object = vm.as_object();
      for (char const* field : {"id", "name", "user_id", "project_id", "uuid", "region", "description", "distro",
                                "vcpus", "storageGB", "memoryMB", "transferGB", "vpc_id", "created_at", "updated_at",
                                "size", "state", "disks", "network", "price_hourly", "price_monthly"}) {
        CHECK_MESSAGE(object.contains(field), field);
      }
      CHECK(object.at("id").is_int64());
      CHECK(object.at("created_at").as_string().size() == 19);  // "2024-04-19T15:02:04": no zone
      if (project == std::string("staging")) states.insert(std::string(object.at("state").as_string()));
      for (unsigned char c : object.at("name").as_string()) non_ascii |= c >= 0x80;
      integer_price |= object.at("price_monthly").is_int64();
      fractional_price |= object.at("price_monthly").is_double();
      null_public_ip |= object.at("network").at("public_ip").is_null();
      CHECK(object.at("disks").as_array().at(0).at("is_main_disk") == true);
    }
  }
  CHECK(states == std::set<std::string>(polycloud::sim::kOpenScalerStates.begin(),
                                        polycloud::sim::kOpenScalerStates.end()));
  CHECK(non_ascii);
  CHECK(integer_price);
  CHECK(fractional_price);
  CHECK(null_public_ip);
  // Deterministic: the same seed gives the same bytes.
  Fixture again(with_instances(48));
  CHECK(again.call("GET", "/v1/vms?project_id=staging").body == sim.call("GET", "/v1/vms?project_id=staging").body);
}

TEST_CASE("openscaler: get with only= selections - basic is always present") {
  Fixture sim;
  auto const full = sim.call("GET", "/v1/vms/8");
  CHECK(full.body == seed_example_text());
  auto const state_only = sim.get_json("/v1/vms/8?only=state").as_object();
  CHECK(state_only.at("state") == "running");
  CHECK(state_only.at("name") == "my-example-computer");
  CHECK_FALSE(state_only.contains("disks"));
  CHECK_FALSE(state_only.contains("network"));
  auto const two = sim.get_json("/v1/vms/8?only=disks&only=network").as_object();
  CHECK(two.contains("disks"));
  CHECK(two.contains("network"));
  CHECK_FALSE(two.contains("state"));
  auto const basic = sim.get_json("/v1/vms/1001?only=basic").as_object();
  CHECK(basic.at("id") == 1001);
  CHECK_FALSE(basic.contains("state"));
  CHECK(sim.call("GET", "/v1/vms/8?only=everything").status == 400);
  CHECK(sim.call("GET", "/v1/vms/999999").status == 404);
  CHECK(sim.call("GET", "/v1/vms/not-a-number").status == 404);
}

TEST_CASE("openscaler: create streams progress then a final 200 echoing sequence_id - the VM then exists") {
  Fixture sim;
  auto const response = sim.call("POST", "/v1/vms", R"({"size":"b-1-500mb-10","project_id":"staging",
      "name":"new-vm","description":"d","region":"alg1","distro":"debian-13","attached_disks":[{"sizeGB":5}],
      "ssh_keys":[],"password":"p","cloud_init_user_data":"","sequence_id":123})");
  CHECK(response.status == 200);
  CHECK(response.header("Content-Type") == "text/event-stream");
  auto const events = parse_events(response.body);
  REQUIRE(events.size() == 4);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(events[i].first == "progress");
    auto const progress = json::parse(events[i].second);
    CHECK(progress.at("progress").is_double());
    CHECK(progress.at("message").is_string());
  }
  CHECK(events[3].first == "200");
  auto const vm = json::parse(events[3].second).as_object();
  CHECK(vm.at("sequence_id") == 123);
  CHECK(vm.at("name") == "new-vm");
  CHECK(vm.at("disks").as_array().size() == 2);
  auto const id = vm.at("id").as_int64();
  CHECK(sim.get_json("/v1/vms/" + std::to_string(id)).at("project_id") == "staging");
  auto const listed = sim.get_json("/v1/vms?project_id=staging");
  CHECK(listed.at("vms").as_array().back().at("id") == id);
}

TEST_CASE("openscaler: create failures: final 400 event, injected 500, stream cut, non-JSON final event, bad body") {
  Fixture sim;
  auto const invalid = parse_events(sim.call("POST", "/v1/vms", R"({"project_id":"default","size":"b"})").body);
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0].first == "400");
  CHECK(json::parse(invalid[0].second).at("message") == "name is required");

  std::string const body = R"({"size":"b-1-500mb-10","project_id":"default","name":"x","sequence_id":7})";
  sim.server->faults().add(fault("POST", "/v1/vms", polycloud::sim::FaultKind::sse_final_error, 500));
  auto const failed = parse_events(sim.call("POST", "/v1/vms", body).body);
  CHECK(failed.back().first == "500");
  CHECK(json::parse(failed.back().second).at("message").is_string());

  sim.server->faults().add(fault("*", "/v1/vms", polycloud::sim::FaultKind::sse_cut));
  auto const cut = sim.call("POST", "/v1/vms", body);
  CHECK(cut.error);
  CHECK(parse_events(cut.body).back().first == "progress");

  sim.server->faults().add(fault("POST", "/v1/vms", polycloud::sim::FaultKind::malformed_json));
  auto const plain_text = parse_events(sim.call("POST", "/v1/vms", body).body).back();
  CHECK(plain_text.first == "200");
  CHECK(plain_text.second.find("'sequence_id':7") != std::string::npos);
  boost::system::error_code ec;
  json::parse(plain_text.second, ec);
  CHECK(ec);  // the page's "plain text, not JSON": the adapter must keep the raw text

  CHECK(sim.call("POST", "/v1/vms", "{not json").status == 400);
}

TEST_CASE("openscaler: power actions change the state - unknown type is 400 - shutdown can answer 408") {
  Fixture sim;
  auto const shutdown = sim.call("POST", "/v1/vms/8/actions", R"({"type":"shutdown"})");
  CHECK(shutdown.status == 200);
  CHECK(shutdown.body.empty());
  CHECK(sim.get_json("/v1/vms/8?only=state").at("state") == "shutoff");
  CHECK(sim.call("POST", "/v1/vms/8/actions", R"({"type":"start"})").status == 200);
  CHECK(sim.get_json("/v1/vms/8").at("state") == "running");
  for (char const* type : {"power_off", "reboot", "reset"}) {
    CHECK(sim.call("POST", "/v1/vms/1002/actions", std::string(R"({"type":")") + type + "\"}").status == 200);
  }
  CHECK(sim.get_json("/v1/vms/1002").at("state") == "running");
  CHECK(sim.call("POST", "/v1/vms/8/actions", R"({"type":"explode"})").status == 400);
  CHECK(sim.call("POST", "/v1/vms/424242/actions", R"({"type":"start"})").status == 404);
  sim.server->faults().add(fault("POST", "/v1/vms/*/actions", polycloud::sim::FaultKind::status, 408));
  CHECK(sim.call("POST", "/v1/vms/8/actions", R"({"type":"shutdown"})").status == 408);
}

TEST_CASE("openscaler: delete removes the VM from get and list") {
  Fixture sim;
  CHECK(sim.call("DELETE", "/v1/vms/1000").status == 200);
  CHECK(sim.call("GET", "/v1/vms/1000").status == 404);
  CHECK(sim.call("DELETE", "/v1/vms/1000").status == 404);
  auto const list = sim.get_json("/v1/vms?project_id=default");
  for (auto const& vm : list.at("vms").as_array()) CHECK(vm.at("id") != 1000);
}

TEST_CASE("openscaler: a large project is streamed in chunks, a million-VM sandbox answers get at once") {
  Fixture large(with_instances(50'000, false));
  auto const response = large.call("GET", "/v1/vms?project_id=default");
  CHECK(response.header("Transfer-Encoding") == "chunked");
  auto const vms = json::parse(response.body).at("vms").as_array();
  CHECK(vms.size() == 25'000);
  CHECK(vms.back().at("id") == OpenScalerApi::generated_id(49'998));

  Fixture huge(with_instances(1'000'000));
  auto const last = huge.get_json("/v1/vms/" + std::to_string(OpenScalerApi::generated_id(999'999)));
  CHECK(last.at("project_id") == "staging");
}
