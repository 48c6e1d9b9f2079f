#include "providers/common/adapter_type.hpp"

#include "providers/common/settings_table.hpp"

#include <polycloud/testing/fake_provider.hpp>

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

struct Settings {
  std::size_t size = 1;
};
SettingsTable<Settings> const table{count("size", &Settings::size, 1, 9)};
Result<Settings> read_settings(ProviderConfig const& config) { return table.read(config); }

/// Stands in for an adapter class: make() reads the settings first, as adapters do.
struct Adapter {
  static int made;
  static Result<std::unique_ptr<Provider>> make(ProviderConfig const& config, ProviderContext const&) {
    if (auto settings = read_settings(config); !settings) return settings.error();
    ++made;
    return std::unique_ptr<Provider>(new testing::FakeProvider(config.name));
  }
};
int Adapter::made = 0;

}  // namespace

TEST_CASE("toolkit adapter type: keys, validation, dry-run support and a factory from one call") {
  auto type = adapter_type<Adapter>("demo", "https://api.demo.invalid", table.keys(), read_settings);
  CHECK(type.name == "demo");
  CHECK(type.default_endpoint == "https://api.demo.invalid");
  CHECK(type.own_keys == std::vector<std::string>{"size", "prices"});  // its own, then every adapter's
  CHECK(type.dry_run);  // a built-in adapter sends through the transport, which a dry run stops
  ProviderConfig config;
  config.name = "d";
  config.settings = {{"size", 10}};
  REQUIRE_FALSE(type.validate(config));
  CHECK_FALSE(type.factory(config, {}));
  config.settings = {{"size", 3}};
  CHECK(type.validate(config));
  auto made = type.factory(config, {});
  REQUIRE(made);
  CHECK((*made)->name() == "d");
  CHECK(Adapter::made == 1);
}
