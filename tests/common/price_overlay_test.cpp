// The `prices` block every adapter takes (providers/common/price_overlay.hpp): read with the catalog
// block's own price reader, applied by the shared adapter wrapper to each size listed or found, by id
// else by name, each price marked as config's.
#include "providers/common/adapter_type.hpp"
#include "providers/common/price_overlay.hpp"

#include "tests/catalog_cache/counting_catalog_provider.hpp"
#include "tests/core/catalog_builders.hpp"
#include "tests/core/run_coro.hpp"
#include "toolkit_test_support.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

ProviderConfig priced_config(std::string_view prices) {
  ProviderConfig config;
  config.name = "p";
  config.type = "priced";
  config.settings = {{"prices", boost::json::parse(prices)}};
  return config;
}

/// An adapter whose catalog has no prices but one: what Katapult's and ByCloud's catalogs look like.
struct UnpricedAdapter {
  static Result<std::unique_ptr<Provider>> make(ProviderConfig const& config, ProviderContext const&) {
    auto provider = std::make_unique<polycloud::test::CountingCatalogProvider>(config.name);
    provider->catalog.sizes = {
        testing_catalog::make_size("rock-3", "Rock-3", 1, 3072, 25, std::nullopt, ""),
        testing_catalog::make_size("m1.small", "Small", 1, 2048, 20, std::nullopt, ""),
        testing_catalog::make_size("listed", "Listed", 2, 4096, 40, 0.5, "GBP"),
        testing_catalog::make_size("plain", "Plain", 1, 1024, 10, std::nullopt, "")};
    return std::unique_ptr<Provider>(std::move(provider));
  }
};

Result<std::vector<int>> no_settings(ProviderConfig const&) { return std::vector<int>{}; }

}  // namespace

TEST_CASE("toolkit prices: a block of size ids or names, each with the catalog block's price keys") {
  auto const overlay = read_price_overlay(
      priced_config("{}"), "prices",
      boost::json::parse(R"({"rock-3": {"price_monthly": 11, "currency": "EUR"},
                             "Small": {"price_hourly": 0.019, "price_monthly": 14, "currency": "EUR"}})"));
  REQUIRE(overlay);
  REQUIRE(overlay->by_size.size() == 2);
  auto const& monthly_only = overlay->by_size.at("rock-3");
  REQUIRE(monthly_only.hourly);
  CHECK(monthly_only.hourly->amount == doctest::Approx(11 / 730.0));  // as a catalog block's monthly-only size
  CHECK(monthly_only.hourly->source == CatalogSource::config);
  CHECK(monthly_only.monthly->currency == "EUR");

  auto const refused = [](std::string_view block) {
    auto read = read_price_overlay(priced_config("{}"), "prices", boost::json::parse(block));
    REQUIRE_FALSE(read);
    CHECK(read.error().kind == ErrorKind::config);
    return read.error().message;
  };
  CHECK(refused(R"([1])").find("prices: expected an object of size ids or names") != std::string::npos);
  CHECK(refused(R"({"rock-3": 0.01})").find("prices.rock-3: expected an object") != std::string::npos);
  CHECK(refused(R"({"rock-3": {"currency": "EUR"}})").find("prices.rock-3: expected \"price_hourly\" and/or") !=
        std::string::npos);
  CHECK(refused(R"({"rock-3": {"price_hourly": -1}})").find("prices.rock-3.price_hourly: expected a number of at least 0") !=
        std::string::npos);
  CHECK(refused(R"({"rock-3": {"price_hourly": "0.01"}})").find("prices.rock-3.price_hourly: expected a number") !=
        std::string::npos);
  CHECK(refused(R"({"rock-3": {"hourly": 0.01}})").find("prices.rock-3.hourly: unknown key") != std::string::npos);
}

TEST_CASE("toolkit prices: every adapter type takes the block, and its sizes listed or found carry the prices") {
  auto type = adapter_type<UnpricedAdapter>("priced", "https://api.priced.invalid", std::vector<std::string>{}, no_settings);
  CHECK(type.own_keys == std::vector<std::string>{"prices"});
  CHECK_FALSE(type.validate(priced_config(R"({"rock-3": {}})")));
  CHECK_FALSE(type.factory(priced_config(R"({"rock-3": {}})"), {}));

  auto const config = priced_config(R"({"rock-3": {"price_hourly": 0.015, "currency": "EUR"},
                                        "Small": {"price_hourly": 0.019, "currency": "EUR"},
                                        "listed": {"price_hourly": 0.2, "currency": "GBP"}})");
  REQUIRE(type.validate(config));
  auto provider = type.factory(config, {});
  REQUIRE(provider);
  auto const sizes = run_coro([&] { return collect((*provider)->sizes({})); });
  REQUIRE(sizes);
  REQUIRE(sizes->size() == 4);
  auto const price_of = [](Size const& size) { return size.hourly ? size.hourly->amount : -1.0; };
  CHECK(price_of((*sizes)[0]) == 0.015);  // by id
  CHECK(price_of((*sizes)[1]) == 0.019);  // by name
  CHECK(price_of((*sizes)[2]) == 0.2);    // the configured price replaces the listed one
  CHECK_FALSE((*sizes)[3].hourly);        // not configured: still unknown
  CHECK((*sizes)[0].hourly->source == CatalogSource::config);
  CHECK((*sizes)[0].source == CatalogSource::api);  // the size itself is still the provider's

  auto const found = run_coro([&] { return (*provider)->find_size("m1.small", {}); });
  REQUIRE(found);
  REQUIRE(*found);
  CHECK(price_of(**found) == 0.019);
}
