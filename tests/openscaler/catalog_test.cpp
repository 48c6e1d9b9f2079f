// OpenScaler's catalog: no route lists one, so it is the config's `catalog` block (parsed and checked
// with the other settings) plus what the project's VMs show, each entry marked with its source.
#include "sim/openscaler/openscaler.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"

#include <polycloud/registry.hpp>

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace polycloud;
namespace json = boost::json;

namespace {

constexpr char const* token = "openscaler-sim-token";

json::object catalog_block() {
  return json::parse(R"({
    "sizes": [{"id": "b-2-2048mb-20", "vcpus": 2, "memory": "2GiB", "disk_gb": 20, "price_monthly": 25, "currency": "EUR"},
              {"id": "b-1-512mb-10", "name": "tiny", "vcpus": 1, "memory_mib": 512, "price_hourly": 0.01786}],
    "images": [{"id": "debian-12"}, {"id": "ubuntu-22.04", "os": "Ubuntu"}],
    "regions": [{"id": "alg1", "name": "Algiers", "country": "DZ", "zones": ["alg1-a"]}]
  })").as_object();
}

struct OpenScalerCatalogSim : test::SimulatedApi {
  OpenScalerCatalogSim() : SimulatedApi(test::api_accepting<sim::OpenScalerApi>(token, sim::OpenScalerOptions{})) {}
  std::unique_ptr<Provider> provider(json::object settings) {
    return SimulatedApi::provider(test::sim_config("alg", "openscaler", origin(), token, ca_file(), std::move(settings)));
  }
};

template <class Item>
Item const& entry(std::vector<Item> const& items, std::string const& id) {
  auto found = std::find_if(items.begin(), items.end(), [&](Item const& item) { return item.id == id; });
  REQUIRE(found != items.end());
  return *found;
}

/// The config error a `catalog` block gets, through the registry's validation as a user's config would.
std::string config_error_for(json::value block) {
  auto config = test::sim_config("alg", "openscaler", "https://127.0.0.1:1", token, "", {{"catalog", block}});
  boost::asio::io_context io;
  auto made = make_provider(config, ProviderContext{io.get_executor(), {}});
  REQUIRE_FALSE(made);
  CHECK(made.error().kind == ErrorKind::config);
  return made.error().message;
}

}  // namespace

TEST_CASE("openscaler catalog over TLS: what the project's VMs show, then the configured entries") {
  OpenScalerCatalogSim sim;
  auto provider = sim.provider({{"project_id", "default"}, {"catalog", catalog_block()}});
  auto sizes = sim.run([&] { return collect(provider->sizes({})); });
  REQUIRE(sizes);
  REQUIRE(sizes->size() > 2);
  auto const& configured = entry(*sizes, "b-2-2048mb-20");
  CHECK(configured.source == CatalogSource::config);
  CHECK(configured.memory_mib == 2048);
  REQUIRE(configured.hourly);
  CHECK(configured.hourly->amount == doctest::Approx(25.0 / 730));
  CHECK(configured.hourly->currency == "EUR");
  CHECK(entry(*sizes, "b-1-512mb-10").name == "tiny");
  CHECK(sizes->back().source == CatalogSource::config);  // configured entries come last
  std::set<std::string> ids;
  for (auto const& size : *sizes) CHECK(ids.insert(size.id).second);  // each id once
  // Every size a VM shows is listed; the ones not configured are marked observed, with the VM's figures.
  auto vms = sim.run([&] { return collect(provider->list({})); });
  REQUIRE(vms);
  for (auto const& vm : *vms) {
    CAPTURE(vm.size);
    auto found = std::find_if(sizes->begin(), sizes->end(), [&](Size const& size) { return size.id == vm.size; });
    REQUIRE(found != sizes->end());
    if (found->source == CatalogSource::observed) {
      CHECK(found->vcpus == vm.vcpus);
      CHECK(found->memory_mib == vm.memory_mib);
      CHECK(found->hourly);
    }
  }
  CHECK(sim.stats().requests_for("GET /v1/vms") == 2);  // one for the catalog, one for the list
}

TEST_CASE("openscaler catalog over TLS: images and regions from config and from the VMs' distro and region") {
  OpenScalerCatalogSim sim;
  auto provider = sim.provider({{"project_id", "default"}, {"catalog", catalog_block()}});
  auto images = sim.run([&] { return collect(provider->images({})); });
  REQUIRE(images);
  REQUIRE(images->size() >= 3);
  CHECK(entry(*images, "debian-12").os == "debian");
  CHECK(entry(*images, "debian-12").version == "12");
  CHECK(entry(*images, "ubuntu-22.04").os == "ubuntu");
  CHECK(entry(*images, "ubuntu-22.04").version == "22.04");
  // The project's VMs run debian-13, ubuntu-24.04 or rocky-9: none is configured, each is observed.
  auto observed = std::find_if(images->begin(), images->end(),
                               [](Image const& image) { return image.source == CatalogSource::observed; });
  REQUIRE(observed != images->end());
  CHECK((observed->os == "debian" || observed->os == "ubuntu" || observed->os == "rocky"));
  CHECK_FALSE(observed->version.empty());
  auto regions = sim.run([&] { return collect(provider->regions({})); });
  REQUIRE(regions);
  REQUIRE(regions->size() == 2);
  CHECK(entry(*regions, "alg1").country == "DZ");
  CHECK(entry(*regions, "alg1").source == CatalogSource::config);
  CHECK(entry(*regions, "alg2").source == CatalogSource::observed);
}

TEST_CASE("openscaler catalog: without a configured project only the configured entries, nothing sent") {
  OpenScalerCatalogSim sim;
  auto provider = sim.provider({{"catalog", catalog_block()}});
  auto sizes = sim.run([&] { return collect(provider->sizes({})); });
  REQUIRE(sizes);
  CHECK(sizes->size() == 2);
  CHECK(sim.stats().requests_total == 0);
}

TEST_CASE("openscaler catalog: a bad catalog block is a config error naming the key path") {
  CHECK(config_error_for(json::array{}).find("providers.alg.catalog: expected an object") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"flavours": []})")).find("providers.alg.catalog.flavours: unknown key") !=
        std::string::npos);
  CHECK(config_error_for(json::parse(R"({"sizes": [{"id": "s", "vcpus": 2, "memory": "4"}]})"))
            .find("providers.alg.catalog.sizes[0].memory: expected an amount with a unit") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"sizes": [{"id": "s", "vcpus": 0, "memory": "4GiB"}]})"))
            .find("providers.alg.catalog.sizes[0].vcpus") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"sizes": [{"vcpus": 1, "memory": "1GiB"}]})"))
            .find("providers.alg.catalog.sizes[0].id: expected a non-empty string") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"sizes": [{"id": "s", "vcpus": 1, "memory": "1GiB", "price_hourly": -1}]})"))
            .find("price_hourly: expected a number of at least 0") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"images": [{"id": "a"}, {"id": "a"}]})"))
            .find("providers.alg.catalog.images[1].id: \"a\" is declared twice") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"regions": [{"id": "r", "country": "Algeria"}]})"))
            .find("providers.alg.catalog.regions[0].country") != std::string::npos);
  CHECK(config_error_for(json::parse(R"({"regions": [{"id": "r", "zones": [1]}]})"))
            .find("providers.alg.catalog.regions[0].zones: expected an array of non-empty strings") != std::string::npos);
}
