#include "providers/katapult/settings.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;

namespace {

Result<Settings> read(char const* settings_json) {
  ProviderConfig config;
  config.name = "kat";
  config.type = "katapult";
  config.source = "config.json";
  config.settings = boost::json::parse(settings_json).as_object();
  return read_settings(config);
}

std::string message_of(char const* settings_json) {
  auto settings = read(settings_json);
  REQUIRE_FALSE(settings);
  CHECK(settings.error().kind == ErrorKind::config);
  return settings.error().message;
}

}  // namespace

TEST_CASE("katapult settings: organization by id or by sub_domain") {
  auto by_id = read(R"({"organization": {"id": "org_1"}})");
  REQUIRE(by_id);
  CHECK(by_id->organization.key == "id");
  CHECK(by_id->organization.value == "org_1");
  CHECK(by_id->per_page == 200);
  CHECK(by_id->list_concurrency == 4);
  CHECK(by_id->stop_action == StopAction::shutdown);
  CHECK_FALSE(by_id->purge_on_delete);

  auto by_sub_domain = read(R"({"organization": {"sub_domain": "acme"}, "per_page": 30, "list_concurrency": 2,
                                "stop_action": "stop", "purge_on_delete": true})");
  REQUIRE(by_sub_domain);
  CHECK(by_sub_domain->organization.key == "sub_domain");
  CHECK(by_sub_domain->per_page == 30);
  CHECK(by_sub_domain->list_concurrency == 2);
  CHECK(by_sub_domain->stop_action == StopAction::stop);
  CHECK(by_sub_domain->purge_on_delete);
}

TEST_CASE("katapult settings: both or neither organization key is a config error naming the key path") {
  CHECK(message_of(R"({"organization": {"id": "org_1", "sub_domain": "acme"}})").find("both") != std::string::npos);
  CHECK(message_of(R"({"organization": {}})").find("providers.kat.organization") != std::string::npos);
  CHECK(message_of(R"({})").find("required") != std::string::npos);
  CHECK(message_of(R"({"organization": "acme"})").find("config.json: providers.kat.organization") == 0);
  CHECK(message_of(R"({"organization": {"name": "acme"}})").find("organization.name") != std::string::npos);
  CHECK(message_of(R"({"organization": {"id": ""}})").find("non-empty") != std::string::npos);
}

TEST_CASE("katapult settings: bad numbers and actions are config errors") {
  CHECK(message_of(R"({"organization": {"id": "o"}, "per_page": 201})").find("per_page") != std::string::npos);
  CHECK(message_of(R"({"organization": {"id": "o"}, "per_page": 0})").find("1 to 200") != std::string::npos);
  CHECK(message_of(R"({"organization": {"id": "o"}, "list_concurrency": "4"})").find("list_concurrency") !=
        std::string::npos);
  CHECK(message_of(R"({"organization": {"id": "o"}, "stop_action": "power_off"})").find("stop_action") !=
        std::string::npos);
  CHECK(message_of(R"({"organization": {"id": "o"}, "purge_on_delete": 1})").find("true or false") !=
        std::string::npos);
}
