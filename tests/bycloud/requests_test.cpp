// Request building: which filters go to the server, the list URL, the create body, base64.
#include "providers/bycloud/inferred_routes.hpp"
#include "providers/bycloud/requests.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::bycloud;
namespace json = boost::json;

namespace {

providers::CallSite const list_site{"spo", "bycloud", "list", nullptr};
providers::CallSite const create_site{"spo", "bycloud", "create", nullptr};
auto const endpoint = boost::urls::parse_absolute_uri("https://api.spo1.mycloud.com").value();

InstanceFilter name_filter(std::string glob) {
  InstanceFilter filter;
  filter.name_glob = std::move(glob);
  return filter;
}

CreateSpec spec() {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "small";
  spec.image = "debian";
  return spec;
}

Aliases aliases() {
  Aliases aliases;
  aliases.size["small"] = "flavor-uuid";
  aliases.image["debian"] = "image-uuid";
  aliases.region["sydney"] = "spo1";
  return aliases;
}

}  // namespace

TEST_CASE("bycloud push-down: an exact name or a trailing-star prefix goes to the server") {
  CHECK(push_down(name_filter("web-1")).name == "web-1");
  CHECK(push_down(name_filter("web-*")).name == "web-*");
  CHECK(!push_down(name_filter("")).name);
  CHECK(!push_down(name_filter("*")).name);
  CHECK(!push_down(name_filter("*-1")).name);
  CHECK(!push_down(name_filter("w*b-*")).name);
  CHECK(!push_down(name_filter("web-?")).name);
}

TEST_CASE("bycloud push-down: a state goes only when it is exactly one Nova status") {
  InstanceFilter filter;
  filter.state = State::error;
  CHECK(push_down(filter).status == "ERROR");
  filter.state = State::running;
  CHECK(!push_down(filter).status);
  filter.state = State::stopped;
  CHECK(!push_down(filter).status);
}

TEST_CASE("bycloud push-down: value-less tags go - metadata pairs stay client-side") {
  InstanceFilter filter;
  filter.tags = {{"web", ""}, {"production", ""}, {"team", "backend"}, {"a,b", ""}};
  CHECK(push_down(filter).tags == std::vector<std::string>{"production", "web"});
}

TEST_CASE("bycloud list URL: limit and marker against the configured endpoint - filters encoded") {
  ListOptions options;
  options.filter = name_filter("app & cache-*");
  options.filter.tags = {{"web", ""}, {"production", ""}};
  options.provider_options = {{"flavor_id", "f-1"}, {"image_id", "i/2"}};
  auto query = plan_list(options, 100, list_site);
  REQUIRE(query);
  CHECK(query->limit == 100);
  auto const url = list_url(endpoint, *query, "550e8400-e29b-41d4-a716-446655440000");
  CHECK(url.buffer() ==
        "https://api.spo1.mycloud.com/v1/instances?limit=100&marker=550e8400-e29b-41d4-a716-446655440000"
        "&name=app%20%26%20cache-%2A&tags=production%2Cweb&flavor_id=f-1&image_id=i%2F2");
  CHECK(list_url(endpoint, ListQuery{}, "").buffer() == "https://api.spo1.mycloud.com/v1/instances?limit=100");
  // A '+' (base64 markers, names) is encoded: a form decoder would read a raw one as a space.
  CHECK(list_url(endpoint, ListQuery{}, "ab+c/d==").encoded_query() == "limit=100&marker=ab%2Bc%2Fd%3D%3D");
}

TEST_CASE("bycloud list options: page_size overrides the limit - unknown options are refused") {
  ListOptions options;
  options.page_size = 7;
  auto query = plan_list(options, 100, list_site);
  REQUIRE(query);
  CHECK(query->limit == 7);
  options.provider_options = {{"flavor", "x"}};
  auto refused = plan_list(options, 100, list_site);
  REQUIRE(!refused);
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
}

TEST_CASE("bycloud base64: the RFC 4648 test vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("bycloud create body: the documented fields - aliases resolved and user_data encoded") {
  auto s = spec();
  s.description = "front";
  s.region = "sydney";
  s.user_data = "#cloud-config\n";
  s.tags = {{"web", ""}, {"team", "backend"}};
  s.provider_options = {
      {"key_name", "my-keypair"}, {"networks", "net-1,net-2"}, {"security_groups", json::array{"default", "web"}}};
  auto body = create_body(s, aliases(), "spo1", create_site);
  REQUIRE(body);
  CHECK(*body == json::parse(R"({
      "name": "web-1", "description": "front", "flavor_id": "flavor-uuid", "image_id": "image-uuid",
      "key_name": "my-keypair",
      "security_groups": [{"name": "default"}, {"name": "web"}],
      "networks": [{"uuid": "net-1"}, {"uuid": "net-2"}],
      "metadata": {"team": "backend"}, "tags": ["web"],
      "user_data": "I2Nsb3VkLWNvbmZpZwo="})"));
}

TEST_CASE("bycloud create body: networks as documented objects pass through") {
  auto s = spec();
  s.provider_options = {{"networks", json::parse(R"([{"uuid": "n", "fixed_ip": "10.0.0.5"}])")}};
  auto body = create_body(s, aliases(), "spo1", create_site);
  REQUIRE(body);
  CHECK(body->at("networks") == json::parse(R"([{"uuid": "n", "fixed_ip": "10.0.0.5"}])"));
  s.provider_options = {{"networks", json::parse(R"([{"uuid": "n", "subnet": "s"}])")}};
  CHECK(!create_body(s, aliases(), "spo1", create_site));
}

TEST_CASE("bycloud create body: raw SSH keys are refused - ByCloud takes key names") {
  auto s = spec();
  s.ssh_public_keys = {"ssh-ed25519 AAAA me@host"};
  auto body = create_body(s, aliases(), "spo1", create_site);
  REQUIRE(!body);
  CHECK(body.error().kind == ErrorKind::invalid_argument);
  CHECK(body.error().message.find("key_name") != std::string::npos);
  CHECK(body.error().message.find("ByCloud takes key names") != std::string::npos);
}

TEST_CASE("bycloud create body: what ByCloud cannot take is refused before anything is sent") {
  auto zone = spec();
  zone.zone = "a";
  auto disks = spec();
  disks.extra_disks_gb = {10};
  auto region = spec();
  region.region = "fra1";
  auto nameless = spec();
  nameless.name.clear();
  auto option = spec();
  option.provider_options = {{"password", "x"}};
  for (auto const& bad : {zone, disks, region, nameless, option}) {
    auto body = create_body(bad, aliases(), "spo1", create_site);
    REQUIRE(!body);
    CHECK(body.error().kind == ErrorKind::invalid_argument);
  }
}

TEST_CASE("bycloud reboot body: SOFT or HARD") {
  CHECK(reboot_body(RebootType::soft) == R"({"type":"SOFT"})");
  CHECK(reboot_body(RebootType::hard) == R"({"type":"HARD"})");
}

// Issue 22: `;` was left raw in the id's path segment (`..;` is `..` to servers that strip parameters).
TEST_CASE("bycloud instance URLs: the id is one segment with every reserved character encoded") {
  CHECK(instance_url(endpoint, "..;").encoded_path() == "/v1/instances/..%3B");
  CHECK(action_url(endpoint, "..;", "reboot").encoded_path() == "/v1/instances/..%3B/reboot");
  CHECK(instance_url(endpoint, "a/b;c=d").encoded_path() == "/v1/instances/a%2Fb%3Bc%3Dd");
}

TEST_CASE("bycloud create body: an idempotency key is metadata polycloud-key plus the tag the list filter finds") {
  auto s = spec();
  s.tags = {{"web", ""}, {"team", "backend"}};
  s.idempotency_key = "deploy-7.web";
  auto body = create_body(s, aliases(), "spo1", create_site);
  REQUIRE(body);
  CHECK(body->at("metadata") == json::parse(R"({"team": "backend", "polycloud-key": "deploy-7.web"})"));
  CHECK(body->at("tags") == json::parse(R"(["web", "polycloud-key:deploy-7.web"])"));
  CHECK(idempotency_tag("deploy-7.web") == "polycloud-key:deploy-7.web");
}
