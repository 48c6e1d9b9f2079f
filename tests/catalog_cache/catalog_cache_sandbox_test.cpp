// The catalog cache against the simulators, requests counted where they arrive: the first resolution
// lists each provider's catalog, a second one within the TTL (another process: a new cache over the same
// directory) sends nothing at all.
#include <polycloud/catalog_cache.hpp>
#include <polycloud/fleet.hpp>

#include "catalog/cache_file.hpp"
#include "scratch_dir.hpp"

#include "sim/sandbox.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using polycloud::test::ScratchDir;

namespace {

struct SandboxFleet {
  std::unique_ptr<sim::Sandbox> sandbox = sim::Sandbox::start();
  Config config = parse_config(sandbox->config_json(), "(sandbox)").value();
  boost::asio::io_context io;
  Fleet fleet = Fleet::create(config, ProviderContext{io.get_executor(), {}}).value();
  ScratchDir dir;

  template <class Factory>
  auto run(Factory&& make_awaitable) {
    auto future = boost::asio::co_spawn(io, std::forward<Factory>(make_awaitable)(), boost::asio::use_future);
    io.restart();
    io.run();
    return future.get();
  }

  std::unique_ptr<CatalogCache> cache() {
    CatalogCacheSettings settings;
    settings.directory = dir.path;
    return std::make_unique<CatalogCache>(std::move(settings));
  }

  std::uint64_t requests_at(std::string const& provider) const {
    for (auto const& entry : sandbox->providers())
      if (entry.name == provider) return entry.server->stats().snapshot().requests_total;
    FAIL("no sandbox provider " << provider);
    return 0;
  }
};

}  // namespace

TEST_CASE("a second resolution within the TTL sends 0 catalog requests to any simulator") {
  SandboxFleet env;
  auto first = env.cache();
  auto second = env.cache();
  int listed_providers = 0;
  for (auto const& configured : env.config.providers) {
    CAPTURE(configured.name);
    Provider& provider = *env.fleet.provider(configured.name).value();
    auto const options = catalog_cache_options(configured);
    auto const before = env.requests_at(configured.name);
    auto listed = env.run([&] { return first->catalog(provider, options); });
    REQUIRE(listed.has_value());
    auto const capabilities = provider.capabilities();
    if (capabilities.catalog_sizes || capabilities.catalog_images || capabilities.catalog_regions) {
      CHECK(env.requests_at(configured.name) > before);
      ++listed_providers;
    }

    auto const after_listing = env.requests_at(configured.name);
    auto cached = env.run([&] { return second->catalog(provider, options); });
    REQUIRE(cached.has_value());
    CHECK(**cached == **listed);
    CHECK(env.requests_at(configured.name) == after_listing);
  }
  CHECK(listed_providers >= 2);  // Katapult and ByCloud list their catalogs over HTTP at least
  CHECK(first->warnings().empty());
  CHECK(second->warnings().empty());
}

TEST_CASE("refresh lists a simulator's catalog again although the cache is fresh") {
  SandboxFleet env;
  auto const& configured = *env.config.find("kat");
  Provider& provider = *env.fleet.provider("kat").value();
  auto options = catalog_cache_options(configured);
  REQUIRE(env.run([&] { return env.cache()->catalog(provider, options); }).has_value());
  auto const after_listing = env.requests_at("kat");
  options.refresh = true;
  REQUIRE(env.run([&] { return env.cache()->catalog(provider, options); }).has_value());
  CHECK(env.requests_at("kat") > after_listing);
}

TEST_CASE("an image missing from a cached Katapult catalog costs one by-id request, not a re-list") {
  SandboxFleet env;
  auto const& configured = *env.config.find("kat");
  Provider& provider = *env.fleet.provider("kat").value();
  auto const options = catalog_cache_options(configured);
  auto first = env.cache();
  auto listed = env.run([&] { return first->catalog(provider, options); });
  REQUIRE(listed.has_value());
  REQUIRE((*listed)->images.size() >= 2);
  auto const missing = (*listed)->images.back();

  // The cached file predates that image: drop it from the file, as if it had been added since.
  auto const file = first->file_for(provider, options).value();
  catalog_cache::Identity const identity{"kat", "katapult", options.account};
  auto decoded = catalog_cache::decode(test::read_text(file), identity);
  REQUIRE(std::holds_alternative<catalog_cache::CachedCatalog>(decoded));
  auto older = std::get<catalog_cache::CachedCatalog>(decoded);
  older.catalog.images.pop_back();
  test::write_text(file, catalog_cache::encode(older));

  auto const before = env.requests_at("kat");
  auto second = env.cache();
  auto found = env.run([&] { return second->find_image(provider, missing.id, options); });
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK(**found == missing);
  CHECK(env.requests_at("kat") == before + 1);
  // And it joined the file: the next process finds it without a request.
  auto again = env.run([&] { return env.cache()->find_image(provider, missing.id, options); });
  REQUIRE(again.has_value());
  CHECK(again->has_value());
  CHECK(env.requests_at("kat") == before + 1);
}
