#include "providers/katapult/requests.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;
namespace json = boost::json;

namespace {

boost::urls::url endpoint() { return boost::urls::parse_absolute_uri("https://api.katapult.io/core/v1").value(); }
providers::CallSite const site{"kat", "katapult", "create", nullptr};

}  // namespace

TEST_CASE("katapult requests: the list URL carries the organization - annotations and paging, percent-encoded") {
  auto url = list_url(endpoint(), {"sub_domain", "acme & co"}, 3, 200, {{"role", "web"}, {"owner", "zoë"}});
  CHECK(url.path() == "/core/v1/organizations/organization/virtual_machines");
  CHECK(std::string(url.encoded_query()) ==
        "organization%5Bsub_domain%5D=acme%20%26%20co&annotations%5B%5D%5Bkey%5D=owner&annotations%5B%5D%5Bvalue%5D="
        "zo%C3%AB&annotations%5B%5D%5Bkey%5D=role&annotations%5B%5D%5Bvalue%5D=web&page=3&per_page=200");
  auto by_id = list_url(endpoint(), {"id", "org_1"}, 1, 30, {});
  CHECK(std::string(by_id.encoded_query()) == "organization%5Bid%5D=org_1&page=1&per_page=30");
}

TEST_CASE("katapult requests: a VM is looked up by id - or by fqdn when the id has a dot") {
  CHECK(vm_lookup_key("vm_abc") == "id");
  CHECK(vm_lookup_key("web-1.acme.kpult.cloud") == "fqdn");
  CHECK(std::string(vm_url(endpoint(), "vm_abc").encoded_query()) == "virtual_machine%5Bid%5D=vm_abc");
  CHECK(std::string(vm_url(endpoint(), "a.b.c").encoded_query()) == "virtual_machine%5Bfqdn%5D=a.b.c");
  // Issue 22: Katapult ids travel in the query, as strictly encoded as path segments elsewhere.
  CHECK(vm_url(endpoint(), "..;").path() == "/core/v1/virtual_machines/virtual_machine");
  CHECK(std::string(vm_url(endpoint(), "vm;a/b").encoded_query()) == "virtual_machine%5Bid%5D=vm%3Ba%2Fb");
  CHECK(json::parse(vm_body("vm_abc")) == json::parse(R"({"virtual_machine":{"id":"vm_abc"}})"));
  CHECK(json::parse(vm_body("a.b")) == json::parse(R"({"virtual_machine":{"fqdn":"a.b"}})"));
}

TEST_CASE("katapult requests: operation URLs") {
  CHECK(power_url(endpoint(), PowerAction::shutdown).path() == "/core/v1/virtual_machines/virtual_machine/shutdown");
  CHECK(power_url(endpoint(), PowerAction::reset).path() == "/core/v1/virtual_machines/virtual_machine/reset");
  CHECK(build_url(endpoint()).path() == "/core/v1/organizations/organization/virtual_machines/build");
  CHECK(std::string(build_status_url(endpoint(), "vmbuild_1").encoded_query()) == "virtual_machine_build%5Bid%5D=vmbuild_1");
  CHECK(build_status_url(endpoint(), "vmbuild_1").path() == "/core/v1/virtual_machines/builds/virtual_machine_build");
  CHECK(std::string(task_url(endpoint(), "task_1").encoded_query()) == "task%5Bid%5D=task_1");
  CHECK(purge_url(endpoint()).path() == "/core/v1/trash_objects/trash_object");
  CHECK(json::parse(purge_body("id", "trsh_1")) == json::parse(R"({"trash_object":{"id":"trsh_1"}})"));
}

TEST_CASE("katapult requests: the build body from a portable spec through the aliases") {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "small";
  spec.image = "debian";
  spec.region = "london";
  spec.tags = {{"role", "web"}};
  spec.provider_options = {{"disk_template_options", json::array{json::object{{"key", "k"}, {"value", "v"}}}}};
  Aliases aliases;
  aliases.size["small"] = "rock-3";
  aliases.image["debian"] = "dtpl_abc";
  aliases.region["london"] = "uk-lon-01";
  auto body = create_body(spec, aliases, {"sub_domain", "acme"}, site);
  REQUIRE(body);
  CHECK(*body == json::parse(R"({
      "organization": {"sub_domain": "acme"},
      "package": {"permalink": "rock-3"},
      "disk_template": {"id": "dtpl_abc"},
      "data_center": {"permalink": "uk-lon-01"},
      "hostname": "web-1",
      "annotations": [{"key": "role", "value": "web"}],
      "disk_template_options": [{"key": "k", "value": "v"}]})").as_object());

  spec.zone = "zone_Wb9X";
  body = create_body(spec, aliases, {"id", "org_1"}, site);
  REQUIRE(body);
  CHECK(body->at("zone") == json::parse(R"({"id": "zone_Wb9X"})"));
  CHECK_FALSE(body->contains("data_center"));
}

// Issue 22: `--region loc_…` was sent as a permalink because only a `dc_` prefix was taken for an id;
// production's data-center ids start with `loc_`. Ids are told from permalinks by shape, not prefix.
TEST_CASE("katapult requests: an id of any prefix is sent as an id - a permalink as a permalink") {
  CHECK(is_id("loc_UUhPmoCbpic6UX0Y"));
  CHECK(is_id("dc_25d48761871e4bf1"));
  CHECK(is_id("vmpkg_Eh5LYVKScVHpj7sM"));
  CHECK_FALSE(is_id("uk-lon-01"));
  CHECK_FALSE(is_id("templates/ubuntu-22-04"));
  CHECK_FALSE(is_id("rock-3"));
  CHECK_FALSE(is_id("_abc"));
  CHECK_FALSE(is_id("loc_"));
  CHECK_FALSE(is_id("Loc_abc"));
  CHECK_FALSE(is_id("loc_a-b"));

  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "vmpkg_Eh5LYVKScVHpj7sM";
  spec.region = "loc_UUhPmoCbpic6UX0Y";
  auto body = create_body(spec, {}, {"id", "org_1"}, site);
  REQUIRE(body);
  CHECK(body->at("data_center") == json::parse(R"({"id": "loc_UUhPmoCbpic6UX0Y"})"));
  CHECK(body->at("package") == json::parse(R"({"id": "vmpkg_Eh5LYVKScVHpj7sM"})"));
}

TEST_CASE("katapult requests: fields the build API lacks are rejected - not dropped") {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "rock-3";
  auto with = [&](auto change) {
    auto copy = spec;
    change(copy);
    auto body = create_body(copy, {}, {"id", "o"}, site);
    REQUIRE_FALSE(body);
    CHECK(body.error().kind == ErrorKind::invalid_argument);
    return body.error().message;
  };
  CHECK(with([](CreateSpec& s) { s.ssh_public_keys = {"ssh-ed25519 AAAA"}; }).find("ssh_public_keys") != std::string::npos);
  CHECK(with([](CreateSpec& s) { s.user_data = "#cloud-config"; }).find("user_data") != std::string::npos);
  CHECK(with([](CreateSpec& s) { s.extra_disks_gb = {10}; }).find("extra_disks_gb") != std::string::npos);
  CHECK(with([](CreateSpec& s) { s.name.clear(); }).find("hostname") != std::string::npos);
  CHECK(with([](CreateSpec& s) { s.size.clear(); }).find("package") != std::string::npos);
}

// Issue 22: a password the user hands over is a credential. Katapult takes it as a disk template
// option; its value becomes a secret of the build call.
TEST_CASE("katapult requests: a disk template option naming a password is a secret of the call") {
  CreateSpec spec;
  spec.provider_options = {{"disk_template_options", json::parse(R"([{"key": "root_password", "value": "Hunter2!Hunter2"},
                                                                     {"key": "Password", "value": "Second-Secret-9"},
                                                                     {"key": "timezone", "value": "Europe/London"},
                                                                     {"key": "password", "value": 7}])")}};
  CHECK(secret_options(spec) == std::vector<std::string>{"Hunter2!Hunter2", "Second-Secret-9"});
  CHECK(secret_options(CreateSpec{}).empty());
}

TEST_CASE("katapult requests: an idempotency key is the annotation polycloud-key after the tags") {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "rock-3";
  spec.tags = {{"role", "web"}};
  spec.idempotency_key = "deploy-7.web";
  CHECK(build_annotations(spec) ==
        json::parse(R"([{"key": "role", "value": "web"}, {"key": "polycloud-key", "value": "deploy-7.web"}])"));
  auto body = create_body(spec, {}, {"id", "org_1"}, site);
  REQUIRE(body);
  CHECK(body->at("annotations") == build_annotations(spec));
  spec.tags.clear();
  spec.idempotency_key.clear();
  CHECK(build_annotations(spec).empty());
}
