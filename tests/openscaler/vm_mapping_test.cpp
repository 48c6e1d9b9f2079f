#include "providers/openscaler/vm_mapping.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::openscaler;
using namespace std::chrono;
namespace json = boost::json;

namespace {

CallSite const site{"alg", type_name, "list"};

/// The VM printed on the list and get pages (id 8), field by field.
void check_seed_vm(Instance const& vm) {
  CHECK(vm.provider == "alg");
  CHECK(vm.provider_type == "openscaler");
  CHECK(vm.id == "8");
  CHECK(vm.name == "my-example-computer");
  CHECK(vm.state == State::running);
  CHECK(vm.raw_state == "running");
  CHECK(vm.region == "alg1");
  CHECK(vm.zone.empty());
  CHECK(vm.size == "b-1-500mb-10");
  CHECK(vm.vcpus == 1);
  CHECK(vm.memory_mib == 2048);
  CHECK(vm.disk_gb == 50);
  CHECK(vm.image == "debian-13");
  CHECK(vm.addresses == std::vector<Address>{{"10.99.88.77", Address::Visibility::public_, 4},
                                             {"10.0.1.2", Address::Visibility::private_, 4}});
  CHECK(vm.public_ips() == std::vector<std::string>{"10.99.88.77"});
  CHECK(vm.private_ips() == std::vector<std::string>{"10.0.1.2"});
  CHECK(vm.created_at == sys_days{2024y / April / 19} + 15h + 2min + 4s);
  CHECK(format_rfc3339(*vm.created_at) == "2024-04-19T15:02:04Z");
  CHECK(vm.tags.empty());
  // Everything else stays in the raw object, untouched.
  CHECK(vm.raw.at("uuid") == "c8bcdc74-fe5d-11ee-9a99-1e3c3b352c51");
  CHECK(vm.raw.at("user_id") == "7247ba6a-b17d-4c72-94f1-a36108aee56d");
  CHECK(vm.raw.at("transferGB") == 2048);
  CHECK(vm.raw.at("node_type") == "VM");
  CHECK(vm.raw.at("price_hourly").as_double() == doctest::Approx(0.01786));
  CHECK(vm.raw.at("price_monthly") == 12);
  CHECK(vm.raw.at("disks").as_array().size() == 2);
  CHECK(vm.raw.at("network").at("public_ip_ports").as_array().size() == 3);
}

}  // namespace

TEST_CASE("openscaler mapping: the list page's example parses field by field") {
  auto body = test::json_fixture("list_vms.json");
  auto const original = body.at("vms").at(0).as_object();
  auto vms = instances_from_list(body, site, true);
  REQUIRE(vms);
  REQUIRE(vms->size() == 1);
  check_seed_vm(vms->front());
  CHECK(vms->front().raw == original);
}

TEST_CASE("openscaler mapping: the get page's example parses field by field") {
  auto body = test::json_fixture("get_vm.json");
  auto const original = body.as_object();
  auto vm = to_instance(body, CallSite{"alg", type_name, "get"}, true);
  REQUIRE(vm);
  check_seed_vm(*vm);
  CHECK(vm->raw == original);
}

TEST_CASE("openscaler mapping: raw is kept only when asked and sequence_id is a mapped extra") {
  json::object vm{{"id", 9}, {"sequence_id", 77}, {"name", "n"}};
  auto lean = to_instance(vm, site);
  REQUIRE(lean);
  CHECK(lean->raw.empty());
  CHECK(lean->extras.at("sequence_id") == "77");
  auto full = to_instance(vm, site, true);
  REQUIRE(full);
  CHECK(full->raw == vm);
}

TEST_CASE("openscaler mapping: a basic-only answer has no state, disks or addresses") {
  json::object vm{{"id", 23}, {"name", "b"}, {"created_at", "2024-05-05T13:24:27"}};
  auto instance = to_instance(std::move(vm), site);
  REQUIRE(instance);
  CHECK(instance->id == "23");
  CHECK(instance->state == State::unknown);
  CHECK(instance->raw_state.empty());
  CHECK(instance->addresses.empty());
  CHECK(!instance->vcpus);
}

TEST_CASE("openscaler mapping: prices are accepted as integer or float, ids as integer or string") {
  for (auto price : {json::value(12), json::value(12.0), json::value(nullptr)}) {
    auto vm = to_instance(json::object{{"id", 8}, {"price_monthly", price}, {"price_hourly", 0.01786}}, site);
    REQUIRE(vm);
    CHECK(vm->id == "8");
  }
  auto by_string = to_instance(json::object{{"id", "vm-8"}}, site);
  REQUIRE(by_string);
  CHECK(by_string->id == "vm-8");
  auto big = to_instance(json::object{{"id", std::uint64_t{18446744073709551615u}}}, site);
  REQUIRE(big);
  CHECK(big->id == "18446744073709551615");
}

TEST_CASE("openscaler mapping: IPv6 and missing addresses") {
  json::object network{{"public_ip", "2001:db8::7"}, {"private_ip", ""}};
  auto vm = to_instance(json::object{{"id", 1}, {"network", network}}, site);
  REQUIRE(vm);
  REQUIRE(vm->addresses.size() == 1);
  CHECK(vm->addresses[0] == Address{"2001:db8::7", Address::Visibility::public_, 6});

  auto none = to_instance(json::object{{"id", 1}, {"network", {{"public_ip", nullptr}}}}, site);
  REQUIRE(none);
  CHECK(none->addresses.empty());
}

TEST_CASE("openscaler mapping: a field of the wrong type is a protocol error naming it") {
  auto body = json::parse(R"({"vms":[{"id":1},{"id":2,"memoryMB":"lots"}]})");
  auto vms = instances_from_list(std::move(body), site);
  REQUIRE(!vms);
  CHECK(vms.error().kind == ErrorKind::protocol);
  CHECK(vms.error().provider == "alg");
  CHECK(vms.error().operation == "list");
  CHECK(vms.error().message.find("item 2 (vms[1]): memoryMB: expected an integer, got string") != std::string::npos);

  auto bad_ip = to_instance(json::object{{"id", 1}, {"network", {{"public_ip", "not-an-ip"}}}}, site);
  REQUIRE(!bad_ip);
  CHECK(bad_ip.error().message.find("network.public_ip: not an IP address") != std::string::npos);

  auto bad_time = to_instance(json::object{{"id", 1}, {"created_at", "yesterday"}}, site);
  REQUIRE(!bad_time);
  CHECK(bad_time.error().message.find("created_at: not a timestamp") != std::string::npos);

  auto no_id = to_instance(json::object{{"name", "x"}}, site);
  REQUIRE(!no_id);
  CHECK(no_id.error().message.find("id") != std::string::npos);

  for (std::string_view text : {R"({"servers":[]})", R"([])", R"({"vms":{}})", R"({"vms":[1]})"}) {
    CAPTURE(text);
    auto result = instances_from_list(json::parse(json::string_view(text.data(), text.size())), site);
    REQUIRE(!result);
    CHECK(result.error().kind == ErrorKind::protocol);
  }
}

TEST_CASE("openscaler mapping: an empty list is an empty vector") {
  auto vms = instances_from_list(json::parse(R"({"vms":[]})"), site);
  REQUIRE(vms);
  CHECK(vms->empty());
}
