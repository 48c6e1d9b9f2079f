// The seed page's example, field by field, through the same ItemMapping the list streams with.
#include "providers/bycloud/vm_mapping.hpp"

#include "providers/common/address_texts.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace polycloud;
using namespace polycloud::bycloud;
using namespace std::chrono;
namespace json = boost::json;

namespace {

providers::CallSite const site{"spo", "bycloud", "list", nullptr};

void check_seed_instance(Instance const& vm) {
  CHECK(vm.provider == "spo");
  CHECK(vm.provider_type == "bycloud");
  CHECK(vm.id == "550e8400-e29b-41d4-a716-446655440000");
  CHECK(vm.name == "web-server-01");
  CHECK(vm.state == State::running);
  CHECK(vm.raw_state == "ACTIVE");
  CHECK(vm.region == "spo1");  // from the crn
  CHECK(vm.zone.empty());
  CHECK(vm.size == "m1.medium");
  CHECK(vm.vcpus == 2);
  CHECK(vm.memory_mib == 4096);
  CHECK(vm.disk_gb == 40);
  CHECK(vm.image == "Ubuntu 22.04 LTS");
  CHECK(vm.addresses == std::vector<Address>{{"192.168.1.10", Address::Visibility::private_, 4}});
  CHECK(vm.created_at == sys_days{2024y / January / 15} + 10h + 30min);
  CHECK(vm.tags == std::map<std::string, std::string>{
                       {"environment", "production"}, {"team", "backend"}, {"web", ""}, {"frontend", ""}});
}

json::object first_item(std::string const& body) {
  return json::parse(body).at("instances").at(0).as_object();
}

std::string one_instance(json::object instance) {
  return json::serialize(json::object{{"instances", json::array{std::move(instance)}}});
}

Result<Instance> map_single_item(json::object instance) {
  VmMapping mapping("fallback");
  auto all = providers::map_all(one_instance(std::move(instance)), list_layout(), mapping, site);
  if (!all) return all.error();
  REQUIRE(all->size() == 1);
  return std::move(all->front());
}

}  // namespace

TEST_CASE("bycloud mapping: the seed page's example list parses field by field") {
  auto const body = test::read_fixture("list_instances.json");
  VmMapping mapping("fallback");
  providers::StreamOptions options;
  options.keep_raw = true;
  auto all = providers::map_all(body, list_layout(), mapping, site, options);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  auto const& vm = all->front();
  check_seed_instance(vm);
  // Everything else stays reachable through raw: the Nova sub-states and the fault.
  CHECK(vm.raw == first_item(body));
  CHECK(vm.raw.at("power_state") == "RUNNING");
  CHECK(vm.raw.at("vm_state") == "ACTIVE");
  CHECK(vm.raw.at("task_state").is_null());
  CHECK(vm.raw.at("fault").at("message") == "No valid host was found");
}

TEST_CASE("bycloud mapping: the fault is kept in extras") {
  VmMapping mapping("fallback");
  auto all = providers::map_all(test::read_fixture("list_instances.json"), list_layout(), mapping, site);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK(all->front().extras == std::map<std::string, std::string>{{"fault.code", "500"},
                                                                  {"fault.message", "No valid host was found"},
                                                                  {"fault.details", "string"},
                                                                  {"fault.created", "2024-01-15T10:30:00Z"}});
}

TEST_CASE("bycloud mapping: VMs mapped into given-back Instances equal fresh ones - long IPv6 texts and faults") {
  // The stream refills a given-back Instance before each VM: its address texts and fault extras are kept
  // (address_texts.hpp, tag_nodes.hpp) and taken by the next VMs, which must not see what they held.
  auto const seed = first_item(test::read_fixture("list_instances.json"));
  auto with_fault = seed;  // the seed's fault, and an IPv6 text past the small-string room
  with_fault["addresses"] = json::parse(R"({"private": [{"addr": "fd00:10:0:0:0:0:0:5", "version": 6, "type": "fixed"}]})");
  auto without_fault = seed;
  without_fault.erase("fault");
  without_fault["addresses"] = json::parse(R"({"public": [{"addr": "2001:db8:0:0:0:0:0:77", "type": "floating"},
      {"addr": "203.0.113.9", "type": "floating"}], "private": [{"addr": "fd00:10:0:0:0:0:0:6", "type": "fixed"}]})");
  auto other_fault = seed;
  other_fault["fault"] = json::parse(R"({"code": 503, "message": "Host unreachable"})");
  std::string const body = json::serialize(json::object{{"instances", json::array{with_fault, without_fault,
                                                                                   other_fault, with_fault}}});
  VmMapping fresh_mapping("fallback");
  auto fresh = providers::map_all(body, list_layout(), fresh_mapping, site);
  REQUIRE(fresh);
  REQUIRE(fresh->size() == 4);
  CHECK((*fresh)[1].extras.empty());
  CHECK((*fresh)[2].extras == std::map<std::string, std::string>{{"fault.code", "503"},
                                                                 {"fault.message", "Host unreachable"}});
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    VmMapping mapping("fallback");
    providers::ListStream stream(list_layout(), mapping, site);
    // A batch given back, its Instances holding every text above, each VM mapped into another's
    // (rotated by the round): a VM without a fault into one that had one, a two-field fault into a four-field one.
    auto given_back = *fresh;
    std::rotate(given_back.begin(), given_back.begin() + round + 1, given_back.end());
    stream.reuse(std::move(given_back));
    REQUIRE(stream.feed(body));
    REQUIRE(stream.finish());
    CHECK(stream.take() == *fresh);
    CHECK(providers::kept_address_texts() <= providers::kept_address_texts_bound);
  }
}

TEST_CASE("bycloud mapping: split at every byte position the stream gives the same instance") {
  auto const body = test::read_fixture("list_instances.json");
  for (std::size_t split = 0; split <= body.size(); ++split) {
    CAPTURE(split);
    VmMapping mapping("fallback");
    providers::ListStream stream(list_layout(), mapping, site);
    REQUIRE(stream.feed(std::string_view(body).substr(0, split)));
    REQUIRE(stream.feed(std::string_view(body).substr(split)));
    REQUIRE(stream.finish());
    auto vms = stream.take();
    REQUIRE(vms.size() == 1);
    check_seed_instance(vms.front());
  }
}

TEST_CASE("bycloud mapping: a get answer maps with the same mapping") {
  auto const item = first_item(test::read_fixture("list_instances.json"));
  VmMapping mapping("fallback");
  auto vm = providers::map_one(json::serialize(json::object{{"instance", item}}), single_layout(), mapping, site);
  REQUIRE(vm);
  check_seed_instance(*vm);
}

TEST_CASE("bycloud mapping: floating is public - version tells IPv4 from IPv6") {
  auto item = first_item(test::read_fixture("list_instances.json"));
  item["addresses"] = json::parse(R"({
      "private-network": [{"addr": "192.168.1.10", "version": 4, "type": "fixed"},
                          {"addr": "fd00:10::5", "version": 6, "type": "fixed"}],
      "public": [{"addr": "203.0.113.7", "version": 4, "type": "floating"},
                 {"addr": "2001:db8::7", "version": 6, "type": "floating"}]})").as_object();
  auto vm = map_single_item(item);
  REQUIRE(vm);
  CHECK(vm->addresses == std::vector<Address>{{"192.168.1.10", Address::Visibility::private_, 4},
                                              {"fd00:10::5", Address::Visibility::private_, 6},
                                              {"203.0.113.7", Address::Visibility::public_, 4},
                                              {"2001:db8::7", Address::Visibility::public_, 6}});
  CHECK(vm->public_ips() == std::vector<std::string>{"203.0.113.7", "2001:db8::7"});
}

TEST_CASE("bycloud mapping: an address of no documented type is judged by its range - a bad one is named") {
  auto item = first_item(test::read_fixture("list_instances.json"));
  item["addresses"] = json::parse(R"({
      "n": [{"addr": "10.1.2.3", "version": 4},
            {"addr": "198.51.100.9", "type": "elastic"},
            {"addr": "fd00::9", "type": null},
            {"type": "fixed", "version": 4},
            {"addr": "192.0.2.1", "type": "fixed"}]})").as_object();
  auto vm = map_single_item(item);
  REQUIRE(vm);
  // The entry without an addr adds nothing, and the next entry's text is its own (pending text is moved out).
  CHECK(vm->addresses == std::vector<Address>{{"10.1.2.3", Address::Visibility::private_, 4},
                                              {"198.51.100.9", Address::Visibility::public_, 4},
                                              {"fd00::9", Address::Visibility::private_, 6},
                                              {"192.0.2.1", Address::Visibility::private_, 4}});
  for (char const* entry : {R"({"addr": "10.0.0.300", "type": "fixed"})", R"({"addr": "web-1", "type": "floating"})",
                            R"({"addr": "::g", "type": "surprise"})"}) {
    CAPTURE(entry);
    auto broken = item;
    broken["addresses"] = json::object{{"n", json::array{json::parse(entry)}}};
    auto bad = map_single_item(broken);
    REQUIRE(!bad);
    CHECK(bad.error().kind == ErrorKind::protocol);
    CHECK(bad.error().message.find("is not an IP address") != std::string::npos);
  }
  auto numbered = item;
  numbered["addresses"] = json::parse(R"({"n": [{"addr": "10.0.0.1", "type": 4}]})").as_object();
  auto typed = map_single_item(numbered);
  REQUIRE(!typed);
  CHECK(typed.error().message.find("type") != std::string::npos);
}

TEST_CASE("bycloud mapping: nullable fields - null timestamps image and description") {
  auto item = first_item(test::read_fixture("list_instances.json"));
  item["created_at"] = nullptr;
  item["image"] = nullptr;  // booted from a volume
  item["description"] = nullptr;
  item["task_state"] = "spawning";
  item.erase("crn");
  auto vm = map_single_item(item);
  REQUIRE(vm);
  CHECK(!vm->created_at);
  CHECK(vm->image.empty());
  CHECK(vm->region == "fallback");  // no crn: the endpoint's region
}

TEST_CASE("bycloud mapping: wrong shapes are protocol errors naming the field") {
  auto const item = first_item(test::read_fixture("list_instances.json"));
  struct Case {
    char const* field;
    json::value value;
    char const* named;
  };
  for (auto const& bad : {Case{"created_at", "yesterday", "created_at"}, Case{"status", 5, "status"},
                          Case{"id", nullptr, "id"}}) {
    CAPTURE(bad.field);
    auto broken = item;
    broken[bad.field] = bad.value;
    auto vm = map_single_item(broken);
    REQUIRE(!vm);
    CHECK(vm.error().kind == ErrorKind::protocol);
    CHECK(vm.error().message.find(bad.named) != std::string::npos);
  }
  auto mismatched = item;
  mismatched["addresses"] = json::parse(R"({"n": [{"addr": "10.0.0.1", "version": 6, "type": "fixed"}]})").as_object();
  auto vm = map_single_item(mismatched);
  REQUIRE(!vm);
  CHECK(vm.error().message.find("version 6") != std::string::npos);
  auto bad_ram = item;
  bad_ram["flavor"].as_object()["ram"] = "lots";
  auto ram = map_single_item(bad_ram);
  REQUIRE(!ram);
  CHECK(ram.error().message.find("flavor.ram") != std::string::npos);
}

TEST_CASE("bycloud mapping: metadata wins over a like-named tag whatever the order") {
  auto item = first_item(test::read_fixture("list_instances.json"));
  item["tags"] = json::array{"team", "web"};
  auto vm = map_single_item(item);
  REQUIRE(vm);
  CHECK(vm->tags.at("team") == "backend");
  CHECK(vm->tags.at("web").empty());
  json::object tags_first{{"tags", json::array{"team"}}};
  for (auto const& field : item) {
    if (field.key() != "tags") tags_first[field.key()] = field.value();
  }
  auto reordered = map_single_item(tags_first);
  REQUIRE(reordered);
  CHECK(reordered->tags.at("team") == "backend");
}

TEST_CASE("bycloud regions: from a crn and from the documented endpoint shape") {
  CHECK(region_of_crn("crn:spo1:compute:instance:abc") == "spo1");
  CHECK(region_of_crn("spo1").empty());
  CHECK(region_of_crn("crn:").empty());
  CHECK(region_of_endpoint("api.spo1.mycloud.com") == "spo1");
  CHECK(region_of_endpoint("127.0.0.1").empty());
  CHECK(region_of_endpoint("api.").empty());
}

TEST_CASE("bycloud mapping: only the declared paths are read - look-alikes elsewhere are skipped") {
  CHECK(VmMapping("fallback").fields() != nullptr);  // the stream skips what the mapping never reads
  auto item = first_item(test::read_fixture("list_instances.json"));
  item["flavor"].as_object()["extra_specs"] = json::parse(R"({"name": 5, "vcpus": "many", "ram": null})");
  item["image"].as_object()["properties"] = json::parse(R"({"name": ["not", "an", "image"]})");
  item["power_state"] = json::parse(R"({"addr": "not an address"})");
  item["addresses"] = json::parse(R"([[{"addr": "198.51.100.1", "version": 4, "type": "floating"}]])");
  auto vm = map_single_item(item);
  REQUIRE(vm);
  CHECK(vm->size == "m1.medium");
  CHECK(vm->vcpus == 2);
  CHECK(vm->image == "Ubuntu 22.04 LTS");
  CHECK(vm->addresses.empty());  // an array of arrays is not the documented {network: [entries]}
}
