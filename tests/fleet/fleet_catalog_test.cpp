// Fleet::catalog and Fleet::list_catalog over the sandbox's three simulators: concurrent, each
// provider's outcome its own, and the blocking facade's equivalent.
#include "tests/core/run_coro.hpp"

#include "sim/faults.hpp"
#include "sim/sandbox.hpp"
#include "sim/server.hpp"

#include <polycloud/blocking.hpp>
#include <polycloud/fleet.hpp>

#include <boost/json/value.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace polycloud;

namespace {
struct Sandbox {
  std::unique_ptr<sim::Sandbox> sandbox = sim::Sandbox::start();
  Config config = parse_config(sandbox->config_json(), "(sandbox)").value();
};
}  // namespace

TEST_CASE("fleet catalog: every provider's sizes streamed, one summary each in selection order") {
  Sandbox env;
  std::map<std::string, std::size_t> seen;
  auto summaries = run_coro([&]() -> boost::asio::awaitable<std::vector<ProviderListSummary>> {
    auto fleet = Fleet::create(env.config, {co_await boost::asio::this_coro::executor, {}});
    FleetCatalogOptions options;
    options.providers = {"kat", "byc", "alg"};
    co_return co_await fleet->list_catalog<Size>(
        options, [&](std::string const& provider, std::vector<Size>& batch) { seen[provider] += batch.size(); });
  });
  REQUIRE(summaries.size() == 3);
  CHECK(summaries[0].provider == "kat");
  CHECK(summaries[1].provider == "byc");
  CHECK(summaries[2].provider == "alg");
  for (auto const& summary : summaries) {
    REQUIRE(summary.delivered);
    CHECK(*summary.delivered == seen[summary.provider]);
  }
  CHECK(seen["kat"] == 4);
  CHECK(seen["byc"] == 4);
}

TEST_CASE("fleet catalog: one provider's failure is its own, the others' catalogs are whole") {
  Sandbox env;
  std::string error;
  auto refused = sim::parse_fault(
      boost::json::value{{"fault", "status"}, {"status", 403}, {"path", "/v1/images"}, {"count", 10}}, error);
  REQUIRE(refused.has_value());
  env.sandbox->bycloud().faults().add(*refused);
  auto fleet = blocking::Fleet::create(env.config).value();
  auto catalogs = fleet.catalog();
  REQUIRE(catalogs.size() == env.config.providers.size());
  for (auto const& catalog : catalogs) {
    CAPTURE(catalog.provider);
    if (catalog.provider == "byc") {
      REQUIRE_FALSE(catalog.catalog.has_value());
      CHECK(catalog.catalog.error().kind == ErrorKind::permission_denied);
      CHECK(catalog.catalog.error().operation == "catalog images");
      continue;
    }
    REQUIRE(catalog.catalog.has_value());
    CHECK_FALSE(catalog.catalog->sizes.empty());
    CHECK_FALSE(catalog.catalog->images.empty());
    CHECK_FALSE(catalog.catalog->regions.empty());
  }
  FleetCatalogOptions unknown;
  unknown.providers = {"nope"};
  auto missing = fleet.catalog(unknown);
  REQUIRE(missing.size() == 1);
  REQUIRE_FALSE(missing[0].catalog.has_value());
  CHECK(missing[0].catalog.error().kind == ErrorKind::config);
}
