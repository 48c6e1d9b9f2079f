// Configuration: the credential rule (token xor api_key), the header each becomes, own keys.
#include "providers/bycloud/settings.hpp"

#include "test_support.hpp"

#include <polycloud/registry.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::bycloud;

namespace {

constexpr char const* token = "tok-very-secret-123";
constexpr char const* key = "key-id-7:key-secret-456";

ProviderConfig config_with(std::string token_value, std::string key_value, boost::json::object settings = {}) {
  ProviderConfig config;
  config.name = "spo";
  config.type = "bycloud";
  config.source = "/etc/polycloud.json";
  config.token = Secret(std::move(token_value));
  config.api_key = Secret(std::move(key_value));
  config.settings = std::move(settings);
  return config;
}

void check_no_secret(Error const& error) {
  auto const text = error.to_string();
  CHECK(text.find("very-secret") == std::string::npos);
  CHECK(text.find("key-secret") == std::string::npos);
}

}  // namespace

TEST_CASE("bycloud credentials: a token is a bearer header") {
  auto headers = credential_headers(config_with(token, ""));
  REQUIRE(headers);
  REQUIRE(headers->size() == 1);
  CHECK(headers->front().name == "Authorization");
  CHECK(headers->front().value == std::string("Bearer ") + token);
}

TEST_CASE("bycloud credentials: an api_key is sent as X-Api-Key key-id:secret") {
  auto headers = credential_headers(config_with("", key));
  REQUIRE(headers);
  REQUIRE(headers->size() == 1);
  CHECK(headers->front().name == "X-Api-Key");
  CHECK(headers->front().value == key);
}

TEST_CASE("bycloud credentials: both or neither is a config error that prints neither") {
  for (auto const& config : {config_with(token, key), config_with("", "")}) {
    auto headers = credential_headers(config);
    REQUIRE(!headers);
    CHECK(headers.error().kind == ErrorKind::config);
    CHECK(headers.error().message.find("providers.spo") != std::string::npos);
    check_no_secret(headers.error());
    auto settings = read_settings(config);  // the registry's validate step says the same
    REQUIRE(!settings);
    CHECK(settings.error().kind == ErrorKind::config);
  }
}

TEST_CASE("bycloud credentials: an api_key without key-id and secret is refused without echoing it") {
  for (std::string bad : {"key-secret-only", ":key-secret-x", "key-id:"}) {
    auto headers = credential_headers(config_with("", bad));
    REQUIRE(!headers);
    CHECK(headers.error().message.find("providers.spo.api_key") != std::string::npos);
    check_no_secret(headers.error());
  }
}

TEST_CASE("bycloud settings: limit defaults to 100 and reboot_type to SOFT") {
  auto settings = read_settings(config_with(token, ""));
  REQUIRE(settings);
  CHECK(settings->limit == 100);
  CHECK(settings->reboot_type == RebootType::soft);
  auto custom = read_settings(config_with(token, "", {{"limit", 250}, {"reboot_type", "HARD"}}));
  REQUIRE(custom);
  CHECK(custom->limit == 250);
  CHECK(custom->reboot_type == RebootType::hard);
}

TEST_CASE("bycloud settings: a bad limit or reboot_type names its key path") {
  auto limit = read_settings(config_with(token, "", {{"limit", 0}}));
  REQUIRE(!limit);
  CHECK(limit.error().message == "/etc/polycloud.json: providers.spo.limit: expected a positive integer");
  auto reboot = read_settings(config_with(token, "", {{"reboot_type", "soft"}}));
  REQUIRE(!reboot);
  CHECK(reboot.error().message.find("providers.spo.reboot_type") != std::string::npos);
}

TEST_CASE("bycloud config: the type is registered with its own keys") {
  auto const* type = find_provider_type("bycloud");
  REQUIRE(type != nullptr);
  CHECK(type->default_endpoint == "https://api.spo1.mycloud.com");
  auto config =
      parse_config(R"({"providers": {"spo": {"type": "bycloud", "api_key": "key-id:secret-1", "token": "token-12"}}})",
                   "f.json");
  REQUIRE(!config);
  CHECK(config.error().kind == ErrorKind::config);
  CHECK(config.error().message.find("not both") != std::string::npos);
  auto ok =
      parse_config(R"({"providers": {"spo": {"type": "bycloud", "api_key": "key-id:secret-1", "limit": 50}}})", "f.json");
  CHECK(ok);
}

TEST_CASE("bycloud settings: a token_command is the bearer credential - and with an api_key is refused") {
  auto command = config_with("", "");
  command.token_command = TokenCommand{.argv = {"helper"}};
  auto headers = credential_headers(command);
  REQUIRE(headers);
  CHECK(headers->empty());  // the transport adds the fetched token

  auto both = config_with("", "key-id-7:key-secret-456");
  both.token_command = TokenCommand{.argv = {"helper"}};
  auto refused = credential_headers(both);
  REQUIRE(!refused);
  CHECK(refused.error().message.find("not both") != std::string::npos);
}
