#include "providers/katapult/vm_mapping.hpp"

#include "test_support.hpp"

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;
using katapult::test::read_fixture;

namespace {

providers::CallSite const site{"kat", "katapult", "list", nullptr};

/// The body fed in two pieces split at `at`, through the same streaming path a page takes.
std::vector<Instance> stream_split(std::string const& body, std::size_t at, providers::BodyLayout layout,
                                   AnnotationCollector* annotations = nullptr) {
  VmMapping mapping;
  providers::ListStream stream(std::move(layout), mapping, site, {},
                               annotations != nullptr ? annotations->sink() : providers::EnvelopeSink{});
  std::string_view const text = body;
  REQUIRE(stream.feed(text.substr(0, at)));
  REQUIRE(stream.feed(text.substr(at)));
  REQUIRE(stream.finish());
  return stream.take();
}

}  // namespace

TEST_CASE("katapult mapping: the seed page's example list parses with its zeros and large_set") {
  auto body = read_fixture("list_seed.json");
  VmMapping mapping;
  auto all = providers::map_all(body, list_layout(), mapping, site);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  auto const& vm = all->front();
  CHECK(vm.id == "string");
  CHECK(vm.name == "string");
  CHECK(vm.provider == "kat");
  CHECK(vm.provider_type == "katapult");
  REQUIRE(vm.created_at);
  CHECK(vm.created_at->time_since_epoch().count() == 0);
  CHECK(vm.zone == "string");
  CHECK(vm.region == "string");
  CHECK(vm.size == "string");
  CHECK(vm.state == State::unknown);  // list items carry no state
  CHECK(vm.raw_state.empty());
  REQUIRE(vm.addresses.size() == 1);
  CHECK(vm.addresses[0].ip == "string");
  CHECK(vm.extras.at("hostname") == "string");  // what a lost build is looked up by
}

TEST_CASE("katapult mapping: nulls - private and IPv6 addresses and a name from the hostname") {
  VmMapping mapping;
  auto all = providers::map_all(read_fixture("list_nulls.json"), list_layout(), mapping, site);
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  auto const& custom = (*all)[0];
  CHECK(custom.name == "custom-1");
  CHECK(custom.size.empty());
  CHECK_FALSE(custom.vcpus);
  CHECK(custom.region == "ch-zrh-01");
  CHECK(custom.zone == "ch-zrh-01a");
  CHECK(custom.private_ips() == std::vector<std::string>{"10.0.0.5"});
  CHECK(custom.public_ips() == std::vector<std::string>{"2a03:2800:3::5", "185.22.212.7"});
  CHECK(custom.addresses[1].version == 6);
  auto const& gpu = (*all)[1];
  CHECK(gpu.name == "сервер-2");
  CHECK(gpu.size == "Rock-6");
  CHECK(gpu.addresses.empty());
}

TEST_CASE("katapult mapping: a full VM with state - resources - tags and annotations") {
  auto body = read_fixture("get_vm.json");
  AnnotationCollector annotations;
  auto vms = stream_split(body, body.size() / 2, get_layout(), &annotations);
  REQUIRE(vms.size() == 1);
  auto vm = vms.front();
  annotations.apply(vm);
  CHECK(vm.id == "vm_Full000001");
  CHECK(vm.name == "café-crème");
  CHECK(vm.state == State::stopping);
  CHECK(vm.raw_state == "shutting_down");
  CHECK(vm.vcpus == 6);             // the VM's own figure wins over the package's 4
  CHECK(vm.memory_mib == 1536);     // 1.5 GiB
  CHECK(vm.size == "Rock-12");
  CHECK(vm.region == "nl-ams-01");
  CHECK(vm.private_ips() == std::vector<std::string>{"fd00::9"});
  CHECK(vm.tags == std::map<std::string, std::string>{{"backup", ""}, {"ünïcode", ""}, {"role", "db"}, {"owner", "zoë"}});
}

TEST_CASE("katapult mapping: the package's resources fill in when the VM has none of its own") {
  std::string body = R"({"virtual_machine":{"id":"vm_1","package":{"name":"Rock-3","cpu_cores":1,"memory_in_gb":3}}})";
  VmMapping mapping;
  auto vm = providers::map_one(body, get_layout(), mapping, site);
  REQUIRE(vm);
  CHECK(vm->vcpus == 1);
  CHECK(vm->memory_mib == 3072);
}

TEST_CASE("katapult mapping: the same instances at every split of the body") {
  for (auto const* name : {"list_seed.json", "list_nulls.json"}) {
    auto body = read_fixture(name);
    auto whole = stream_split(body, body.size(), list_layout());
    for (std::size_t at = 0; at <= body.size(); ++at) {
      CAPTURE(at);
      REQUIRE(stream_split(body, at, list_layout()) == whole);
    }
  }
  auto body = read_fixture("get_vm.json");
  AnnotationCollector reference;
  auto whole = stream_split(body, body.size(), get_layout(), &reference);
  reference.apply(whole.front());
  for (std::size_t at = 0; at <= body.size(); ++at) {
    CAPTURE(at);
    AnnotationCollector annotations;
    auto split = stream_split(body, at, get_layout(), &annotations);
    annotations.apply(split.front());
    REQUIRE(split == whole);
  }
}

TEST_CASE("katapult mapping: a wrongly typed field is a protocol error naming it") {
  std::string body = R"({"virtual_machines":[{"id":"vm_1","created_at":"yesterday"}]})";
  VmMapping mapping;
  auto all = providers::map_all(body, list_layout(), mapping, site);
  REQUIRE_FALSE(all);
  CHECK(all.error().kind == ErrorKind::protocol);
  CHECK(all.error().message.find("created_at") != std::string::npos);
  auto no_id = providers::map_all(R"({"virtual_machines":[{"name":"x"}]})", list_layout(), mapping, site);
  REQUIRE_FALSE(no_id);
  CHECK(no_id.error().message.find("id") != std::string::npos);
}

// Issue 22, from real VM objects: the package's storage is the disk; fqdn and description reach
// extras; the root password a build set is a credential and never leaves the mapping, raw included.
TEST_CASE("katapult mapping: disk from the package - fqdn and description in extras - the root password redacted") {
  std::string const body = R"({"virtual_machine":{"id":"vm_kL3Nvcn0gkaaRIVW","name":"web","hostname":"web-host",
      "fqdn":"web-host.acme.katapult.cloud","description":"front end","initial_root_password":"Xq9!rootpass-42",
      "state":"suspended","package":{"id":"vmpkg_1","name":"ROCK-3","permalink":"rock-3","cpu_cores":1,
      "memory_in_gb":3,"storage_in_gb":25}},"annotations":[]})";
  VmMapping mapping;
  providers::StreamOptions options;
  options.keep_raw = true;
  providers::ListStream stream(get_layout(), mapping, site, options);
  REQUIRE(stream.feed(body));
  REQUIRE(stream.finish());
  auto vms = stream.take();
  REQUIRE(vms.size() == 1);
  auto const& vm = vms.front();
  CHECK(vm.disk_gb == 25);
  CHECK(vm.extras.at("fqdn") == "web-host.acme.katapult.cloud");
  CHECK(vm.extras.at("description") == "front end");
  CHECK(vm.extras.at("hostname") == "web-host");
  CHECK(vm.state == State::suspended);
  CHECK(vm.raw.at("initial_root_password") == "REDACTED");
  CHECK(boost::json::serialize(vm.raw).find("rootpass") == std::string::npos);
  CHECK(vm.raw.at("fqdn") == "web-host.acme.katapult.cloud");  // the rest of raw is untouched

  // A null password and a null description stay as they are: nothing to redact, nothing to show.
  std::string const plain = R"({"virtual_machine":{"id":"vm_1","description":null,"initial_root_password":null}})";
  VmMapping again;
  providers::ListStream second(get_layout(), again, site, options);
  REQUIRE(second.feed(plain));
  REQUIRE(second.finish());
  auto more = second.take();
  REQUIRE(more.size() == 1);
  CHECK(more.front().raw.at("initial_root_password").is_null());
  CHECK_FALSE(more.front().extras.contains("description"));
  CHECK_FALSE(more.front().disk_gb.has_value());
}
