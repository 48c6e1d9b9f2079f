#include "providers/openscaler/requests.hpp"
#include "providers/openscaler/settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::openscaler;
using polycloud::providers::resource_url;
namespace json = boost::json;

namespace {

boost::urls::url endpoint(char const* text) { return boost::urls::parse_absolute_uri(text).value(); }
CallSite const get_site{"alg", type_name, "get"};

}  // namespace

TEST_CASE("openscaler urls: the documented paths on the default endpoint") {
  auto const base = endpoint("https://api.alpha.openscaler.net");
  CHECK(list_url(base, "default").buffer() == "https://api.alpha.openscaler.net/v1/vms?project_id=default");
  CHECK(vm_url(base, "23").buffer() == "https://api.alpha.openscaler.net/v1/vms/23");
  CHECK(actions_url(base, "23").buffer() == "https://api.alpha.openscaler.net/v1/vms/23/actions");
  CHECK(resource_url(base, {"v1", "vms"}).buffer() == "https://api.alpha.openscaler.net/v1/vms");
}

TEST_CASE("openscaler urls: an endpoint with a path prefix or trailing slash keeps it once") {
  CHECK(vm_url(endpoint("https://h.example/"), "1").buffer() == "https://h.example/v1/vms/1");
  CHECK(vm_url(endpoint("https://127.0.0.1:8443/api/"), "1").buffer() == "https://127.0.0.1:8443/api/v1/vms/1");
  CHECK(vm_url(endpoint("https://h.example/api?x=1"), "1").buffer() == "https://h.example/api/v1/vms/1");
}

TEST_CASE("openscaler urls: any id is exactly one percent-encoded path segment") {
  auto const base = endpoint("https://h.example");
  auto url = vm_url(base, "a/b?c#d%e f");
  CHECK(url.encoded_path() == "/v1/vms/a%2Fb%3Fc%23d%25e%20f");
  CHECK(url.query().empty());
  REQUIRE(url.segments().size() == 3);
  CHECK(url.segments().back() == "a/b?c#d%e f");

  auto unicode = actions_url(base, "vm-é-雲");
  CHECK(unicode.encoded_path() == "/v1/vms/vm-%C3%A9-%E9%9B%B2/actions");
  CHECK(unicode.segments().size() == 4);

  CHECK(vm_url(base, "..").encoded_path() != "/v1");  // a dot segment does not climb out
  // Issue 22: `;` was left raw, and `..;` is read as `..` by servers that strip path parameters.
  CHECK(actions_url(base, "..;").encoded_path() == "/v1/vms/..%3B/actions");
  CHECK(vm_url(base, "a;b=c,d:e@f").encoded_path() == "/v1/vms/a%3Bb%3Dc%2Cd%3Ae%40f");
  CHECK(list_url(base, "p&q=1").encoded_query() == "project_id=p%26q%3D1");
  CHECK(list_url(base, "a+b").encoded_query() == "project_id=a%2Bb");  // not a space to a form decoder
}

TEST_CASE("openscaler get option only: parsed, checked, basic always first, in documented order") {
  auto only = [](json::value value) {
    json::object options{{"only", std::move(value)}};
    return parse_only(options, get_site);
  };
  CHECK(parse_only({}, get_site).value().empty());
  CHECK(only(json::array{"network", "state"}).value() == std::vector<std::string>{"basic", "state", "network"});
  CHECK(only("disks,basic,disks").value() == std::vector<std::string>{"basic", "disks"});
  CHECK(only(json::array{}).value() == std::vector<std::string>{"basic"});
  CHECK(vm_url(endpoint("https://h"), "8", only(json::array{"state", "disks", "network"}).value()).buffer() ==
        "https://h/v1/vms/8?only=basic&only=state&only=disks&only=network");
  for (auto bad : {json::value("cpu"), json::value(json::array{"state", 3}), json::value(7)}) {
    auto result = only(bad);
    REQUIRE(!result);
    CHECK(result.error().kind == ErrorKind::invalid_argument);
    CHECK(result.error().operation == "get");
  }
}

TEST_CASE("openscaler provider options: unknown keys and bad projects are refused before sending") {
  CallSite const list_site{"alg", type_name, "list"};
  auto keys = check_option_keys(json::object{{"projectid", "x"}}, {"project_id"}, list_site);
  REQUIRE(!keys);
  CHECK(keys.error().kind == ErrorKind::invalid_argument);
  CHECK(keys.error().message.find("\"projectid\"") != std::string::npos);

  CHECK(resolve_project({}, std::string("cfg"), list_site).value() == "cfg");
  CHECK(resolve_project(json::object{{"project_id", "call"}}, std::string("cfg"), list_site).value() == "call");
  auto missing = resolve_project({}, std::nullopt, list_site);
  REQUIRE(!missing);
  CHECK(missing.error().kind == ErrorKind::config);
  CHECK(missing.error().message.find("project_id") != std::string::npos);
  auto wrong = resolve_project(json::object{{"project_id", 5}}, std::nullopt, list_site);
  REQUIRE(!wrong);
  CHECK(wrong.error().kind == ErrorKind::invalid_argument);
}

TEST_CASE("openscaler create body: the seed page's request, built from a portable spec") {
  CreateSpec spec;
  spec.name = "my-example-computer";
  spec.description = "My example computer (generated from API)";
  spec.size = "small";
  spec.image = "debian";
  spec.region = "alg1";
  spec.extra_disks_gb = {5};
  spec.ssh_public_keys = {"ssh-rsa ...key1...= user@host", "ssh-rsa ...key2...= user@host"};
  spec.provider_options = {{"password", "strong_password"}};
  Aliases aliases;
  aliases.size = {{"small", "b-1-500mb-10"}};
  aliases.image = {{"debian", "debian-13"}};

  auto body = create_body(spec, aliases, "default", 123, CallSite{"alg", type_name, "create"});
  REQUIRE(body);
  CHECK(*body == test::json_fixture("create_request.json").as_object());
}

TEST_CASE("openscaler create body: optional parts are left out, impossible ones refused") {
  CallSite const create_site{"alg", type_name, "create"};
  CreateSpec spec;
  spec.name = "n";
  spec.size = "b-1-500mb-10";
  auto body = create_body(spec, {}, "p", 9, create_site);
  REQUIRE(body);
  CHECK(!body->contains("password"));
  CHECK(!body->contains("region"));
  CHECK(!body->contains("distro"));
  CHECK(body->at("attached_disks").as_array().empty());
  CHECK(body->at("sequence_id") == 9);

  auto refused = [&](CreateSpec const& bad) {
    auto result = create_body(bad, {}, "p", 1, create_site);
    REQUIRE(!result);
    CHECK(result.error().kind == ErrorKind::invalid_argument);
    CHECK(result.error().operation == "create");
    return result.error().message;
  };
  auto no_name = spec;
  no_name.name.clear();
  CHECK(refused(no_name).find("name") != std::string::npos);
  auto no_size = spec;
  no_size.size.clear();
  CHECK(refused(no_size).find("size") != std::string::npos);
  auto tagged = spec;
  tagged.tags = {{"role", "web"}};
  CHECK(refused(tagged).find("tags") != std::string::npos);
  auto zoned = spec;
  zoned.zone = "a";
  CHECK(refused(zoned).find("zones") != std::string::npos);
  auto bad_disk = spec;
  bad_disk.extra_disks_gb = {0};
  CHECK(refused(bad_disk).find("disk") != std::string::npos);
  auto bad_password = spec;
  bad_password.provider_options = {{"password", 1234}};
  CHECK(refused(bad_password).find("password") != std::string::npos);
  auto typo = spec;
  typo.provider_options = {{"passwd", "x"}};
  CHECK(refused(typo).find("passwd") != std::string::npos);
}

TEST_CASE("openscaler power actions: the five documented types") {
  for (auto action : {PowerAction::start, PowerAction::shutdown, PowerAction::power_off, PowerAction::reboot,
                      PowerAction::reset}) {
    CHECK(parse_power_action(to_string(action)) == action);
    CHECK(json::parse(action_body(action)) == json::object{{"type", to_string(action)}});
  }
  CHECK(!parse_power_action("stop"));
}

TEST_CASE("openscaler settings: project and the forceful stop/reboot choices") {
  ProviderConfig config;
  config.name = "alg";
  config.source = "cfg.json";
  auto settings = read_settings(config);
  REQUIRE(settings);
  CHECK(!settings->project_id);
  CHECK(settings->stop_action == PowerAction::shutdown);
  CHECK(settings->reboot_action == PowerAction::reboot);

  config.settings = {{"project_id", "default"}, {"stop_action", "power_off"}, {"reboot_action", "reset"}};
  settings = read_settings(config);
  REQUIRE(settings);
  CHECK(settings->project_id == "default");
  CHECK(settings->stop_action == PowerAction::power_off);
  CHECK(settings->reboot_action == PowerAction::reset);

  for (auto const& setting : {std::pair<std::string, json::value>{"project_id", ""}, {"project_id", 3},
                               {"stop_action", "reset"}, {"reboot_action", "shutdown"}}) {
    CAPTURE(setting.first);
    config.settings = {{setting.first, setting.second}};
    auto bad = read_settings(config);
    REQUIRE(!bad);
    CHECK(bad.error().kind == ErrorKind::config);
    CHECK(bad.error().message.find("cfg.json: providers.alg." + setting.first) == 0);
  }
}
