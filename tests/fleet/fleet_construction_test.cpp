#include "fleet_fixtures.hpp"

#include <polycloud/blocking.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

TEST_CASE("a fleet built from a config creates each provider through the registry") {
  auto config = parse_config(R"({"providers": {"one": {"type": "fake", "instances": 2},
                                               "two": {"type": "fake"}}})",
                             "test.json", [](std::string_view) { return std::optional<std::string>(); });
  REQUIRE(config.has_value());
  auto fleet = Fleet::create(*config, ProviderContext{});
  REQUIRE(fleet.has_value());
  CHECK(fleet->provider_names() == std::vector<std::string>{"one", "two"});
  auto one = fleet->provider("one");
  REQUIRE(one.has_value());
  CHECK((*one)->type() == "fake");
}

TEST_CASE("an unknown provider name is a config error naming the configured ones") {
  std::vector<std::unique_ptr<testing::FakeProvider>> fakes;
  fakes.push_back(fake_with("alg", 1));
  auto fleet = fleet_of(std::move(fakes));
  auto missing = fleet.provider("nope");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::config);
  CHECK(missing.error().message.find("alg") != std::string::npos);
}

TEST_CASE("two providers with one name are refused") {
  std::vector<std::unique_ptr<Provider>> providers;
  providers.push_back(fake_with("same", 0));
  providers.push_back(fake_with("same", 0));
  auto fleet = Fleet::from_providers(std::move(providers));
  REQUIRE_FALSE(fleet.has_value());
  CHECK(fleet.error().kind == ErrorKind::config);
}

TEST_CASE("a provider type that cannot be built fails the fleet with its config error") {
  Config config;
  ProviderConfig bad;
  bad.name = "x";
  bad.type = "no-such-type";
  config.providers.push_back(bad);
  auto fleet = Fleet::create(config, ProviderContext{});
  REQUIRE_FALSE(fleet.has_value());
  CHECK(fleet.error().kind == ErrorKind::config);
  CHECK(fleet.error().provider == "x");
}

TEST_CASE("a ProviderContext without an executor is a config error for every HTTP provider type, not a crash") {
  // It segfaulted on the first call (exit 139) while Fleet::create accepted it.
  for (auto const* type : {"openscaler", "katapult", "bycloud"}) {
    CAPTURE(type);
    auto const own_keys = std::string(type) == "katapult" ? R"(, "organization": {"sub_domain": "acme"})" : "";
    auto text = std::string(R"({"providers": {"p": {"type": ")") + type +
                R"(", "endpoint": "http://127.0.0.1:9", "token": "token-of-forty-characters-0123456789abcdef")" +
                own_keys + "}}}";
    auto config = parse_config(text, "test.json", [](std::string_view) { return std::optional<std::string>(); });
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().to_string()));
    auto fleet = Fleet::create(*config, ProviderContext{});
    REQUIRE_FALSE(fleet.has_value());
    CHECK(fleet.error().kind == ErrorKind::config);
    CHECK(fleet.error().provider == "p");
    CHECK(fleet.error().message.find("executor") != std::string::npos);
  }
}

TEST_CASE("an unusable provider block keeps its name in the fleet, and each operation on it fails with its error") {
  auto config = parse_config(R"({"providers": {"one": {"type": "fake", "instances": 2},
                                               "broken": {"type": "fake", "instances": "two"}}})",
                             "test.json", [](std::string_view) { return std::optional<std::string>(); },
                             ConfigOptions{.keep_unusable = true});
  REQUIRE(config.has_value());
  REQUIRE(config->unusable.size() == 1);
  auto const& block_error = config->unusable.front().error;
  auto fleet = blocking::Fleet::create(*config);
  REQUIRE(fleet.has_value());
  CHECK(fleet->provider_names() == std::vector<std::string>{"one", "broken"});

  auto const is_block_error = [&](Error const& error, std::string const& operation) {
    CAPTURE(operation);
    CHECK(error.kind == ErrorKind::config);
    CHECK(error.provider == "broken");
    CHECK(error.operation == operation);
    CHECK(error.message == block_error.message);
  };
  // A listing of both: one's instances, and broken's error beside them.
  auto listings = fleet->list_all();
  REQUIRE(listings.size() == 2);
  REQUIRE(listings[0].instances.has_value());
  CHECK(listings[0].instances->size() == 2);
  CHECK(listings[1].provider == "broken");
  REQUIRE_FALSE(listings[1].instances.has_value());
  is_block_error(listings[1].instances.error(), "list");

  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "s";
  spec.image = "i";
  is_block_error(fleet->get("broken", "x").error(), "get");
  is_block_error(fleet->create("broken", spec).error(), "create");
  is_block_error(fleet->remove("broken", "x").error(), "delete");
  is_block_error(fleet->start("broken", "x").error(), "start");
  is_block_error(fleet->stop("broken", "x").error(), "stop");
  is_block_error(fleet->reboot("broken", "x").error(), "reboot");
  auto catalogs = fleet->catalog();
  REQUIRE(catalogs.size() == 2);
  REQUIRE_FALSE(catalogs[1].catalog.has_value());
  CHECK(catalogs[1].catalog.error().kind == ErrorKind::config);
  CHECK(catalogs[1].catalog.error().provider == "broken");
  CHECK(catalogs[1].catalog.error().message.find(block_error.message) != std::string::npos);
  // The usable one is untouched by its neighbour.
  CHECK(fleet->get("one", "fake-1000").has_value());
}

TEST_CASE("keep_unusable: a provider that parses but cannot be created is held as unusable, in its place") {
  // A ca_file that is not there parses, and the transport refuses it when the provider is created.
  std::string const text = R"({"providers": {
      "remote": {"type": "bycloud", "endpoint": "https://api.example.com", "token": "bycloud-test-token",
                 "ca_file": "/nonexistent/polycloud-test-ca.pem"},
      "one": {"type": "fake", "instances": 2},
      "broken": {"type": "fake", "instances": "two"}}})";
  auto const no_environment = [](std::string_view) { return std::optional<std::string>(); };

  SUBCASE("without the option the first such provider fails the construction, as before") {
    auto config = parse_config(text.substr(0, text.find(R"(,
      "broken")")) + "}}", "test.json", no_environment);
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().to_string()));
    CHECK_FALSE(config->keep_unusable);
    auto fleet = blocking::Fleet::create(*config);
    REQUIRE_FALSE(fleet.has_value());
    CHECK(fleet.error().provider == "remote");
    CHECK(fleet.error().message.find("polycloud-test-ca.pem' cannot be read") != std::string::npos);
  }
  SUBCASE("with it the others are created, and the fleet lists it with the blocks that did not parse") {
    auto config = parse_config(text, "test.json", no_environment, ConfigOptions{.keep_unusable = true});
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().to_string()));
    CHECK(config->keep_unusable);
    REQUIRE(config->providers.size() == 2);  // the config cannot know: it parsed
    auto fleet = blocking::Fleet::create(*config);
    REQUIRE(fleet.has_value());
    CHECK(fleet->provider_names() == std::vector<std::string>{"remote", "one", "broken"});
    auto const& unusable = fleet->unusable();
    REQUIRE(unusable.size() == 2);
    CHECK(unusable[0].name == "remote");
    CHECK(unusable[0].type == "bycloud");
    CHECK(unusable[0].error.kind == ErrorKind::config);
    CHECK(unusable[0].error.message.find("polycloud-test-ca.pem' cannot be read") != std::string::npos);
    CHECK(unusable[1].name == "broken");

    auto listings = fleet->list_all();
    REQUIRE(listings.size() == 3);
    CHECK(listings[0].provider == "remote");
    REQUIRE_FALSE(listings[0].instances.has_value());
    auto const& listed = listings[0].instances.error();
    CHECK(listed.kind == ErrorKind::config);
    CHECK(listed.provider == "remote");
    CHECK(listed.operation == "list");
    CHECK(listed.message == unusable[0].error.message);
    CHECK(fleet->get("remote", "x").error().operation == "get");
    // Its neighbour is untouched.
    REQUIRE(listings[1].instances.has_value());
    CHECK(listings[1].instances->size() == 2);
  }
}
