// The Katapult catalog against the simulator over TLS on loopback: packages and disk templates paged,
// regions from data centers and zones, exact ids through the by-id routes.
#include "sim/katapult/katapult.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace polycloud;
namespace json = boost::json;

namespace {

constexpr char const* token = "katapult-sim-token";
constexpr char const* packages_route = "GET /core/v1/virtual_machine_packages";
constexpr char const* templates_route = "GET /core/v1/organizations/organization/disk_templates";
constexpr char const* package_route = "GET /core/v1/virtual_machine_packages/virtual_machine_package";

struct KatapultCatalogSim : test::SimulatedApi {
  explicit KatapultCatalogSim(sim::KatapultOptions options = {})
      : SimulatedApi(test::api_accepting<sim::KatapultApi>(token, std::move(options))) {}
  std::unique_ptr<Provider> provider() {
    return SimulatedApi::provider(test::sim_config("kat", "katapult", origin() + std::string(sim::KatapultApi::kBasePath),
                                                   token, ca_file(), {{"organization", {{"sub_domain", "polycloud-sim"}}}}));
  }
};

CatalogOptions page_of(std::size_t size) {
  CatalogOptions options;
  options.page_size = size;
  return options;
}

template <class Item>
Item const& entry(std::vector<Item> const& items, std::string const& id) {
  auto found = std::find_if(items.begin(), items.end(), [&](Item const& item) { return item.id == id; });
  REQUIRE(found != items.end());
  return *found;
}

}  // namespace

TEST_CASE("katapult catalog over TLS: packages page by page, each a size named as list shows it") {
  KatapultCatalogSim sim;
  auto provider = sim.provider();
  CHECK(provider->capabilities().catalog_sizes);
  auto sizes = sim.run([&] { return collect(provider->sizes(page_of(3))); });
  REQUIRE(sizes);
  REQUIRE(sizes->size() == 4);
  CHECK(sim.stats().requests_for(packages_route) == 2);  // 3 + 1
  auto const& rock3 = entry(*sizes, "rock-3");
  CHECK(rock3.name == "Rock-3");
  CHECK(rock3.vcpus == 1);
  CHECK(rock3.memory_mib == 3072);
  CHECK(rock3.disk_gb == 25);
  // Every size a listed VM shows is a catalog entry's name.
  auto vms = sim.run([&] { return collect(provider->list({})); });
  REQUIRE(vms);
  for (auto const& vm : *vms) {
    if (vm.size.empty()) continue;  // custom resources: no package
    CAPTURE(vm.size);
    CHECK(std::any_of(sizes->begin(), sizes->end(), [&](Size const& size) { return size.name == vm.size; }));
  }
}

TEST_CASE("katapult catalog over TLS: disk templates with universal ones, os and version from the reference's words") {
  KatapultCatalogSim sim;
  auto provider = sim.provider();
  auto images = sim.run([&] { return collect(provider->images(page_of(2))); });
  REQUIRE(images);
  REQUIRE(images->size() == 5);
  CHECK(sim.stats().requests_for(templates_route) == 3);
  auto const& debian = entry(*images, "templates/debian-12");
  CHECK(debian.os == "debian");
  CHECK(debian.version == "12");
  CHECK(debian.min_disk_gb == 10);
  CHECK(entry(*images, "templates/ubuntu-24-04").version == "24.04");
  CHECK(entry(*images, "templates/rocky-linux-9").os == "rocky");
}

TEST_CASE("katapult catalog over TLS: regions are data centers with their zones and country code") {
  KatapultCatalogSim sim;
  auto provider = sim.provider();
  auto regions = sim.run([&] { return collect(provider->regions({})); });
  REQUIRE(regions);
  REQUIRE(regions->size() == 3);
  auto const& london = entry(*regions, "uk-lon-01");
  CHECK(london.name == "UK: London");
  CHECK(london.country == "GB");
  CHECK(london.zones == std::vector<std::string>{"uk-lon-01a"});
  CHECK(entry(*regions, "ch-zrh-01").country == "CH");
}

TEST_CASE("katapult catalog over TLS: an exact id costs one by-id request, not a listing") {
  KatapultCatalogSim sim;
  auto provider = sim.provider();
  auto by_permalink = sim.run([&] { return provider->find_size("rock-6", {}); });
  REQUIRE(by_permalink);
  REQUIRE(*by_permalink);
  CHECK((*by_permalink)->vcpus == 2);
  auto by_id = sim.run([&] { return provider->find_size("vmpkg_Bq7TkLmcV2zR9aWe", {}); });
  REQUIRE(by_id);
  REQUIRE(*by_id);
  CHECK((*by_id)->id == "rock-6");
  auto missing = sim.run([&] { return provider->find_size("rock-999", {}); });
  REQUIRE(missing);
  CHECK_FALSE(*missing);
  CHECK(sim.stats().requests_for(package_route) == 3);
  CHECK(sim.stats().requests_for(packages_route) == 0);
  auto image = sim.run([&] { return provider->find_image("templates/ubuntu-22-04", {}); });
  REQUIRE(image);
  REQUIRE(*image);
  CHECK((*image)->version == "22.04");
}

TEST_CASE("katapult catalog over TLS: a server going round its pages is a loop error, never an endless listing") {
  sim::KatapultOptions options;
  options.cycle_pages = 1;
  options.extra_disk_templates = 20;
  KatapultCatalogSim sim(options);
  auto provider = sim.provider();
  auto images = sim.run([&] { return collect(provider->images(page_of(5))); });
  REQUIRE_FALSE(images);
  CHECK(images.error().kind == ErrorKind::protocol);
  CHECK(images.error().provider == "kat");
  CHECK(images.error().operation == "catalog images");
  CHECK(images.error().message.find("repeats page 1") != std::string::npos);
}

TEST_CASE("katapult catalog over TLS: a page size above the API's maximum is refused before sending") {
  KatapultCatalogSim sim;
  auto provider = sim.provider();
  auto sizes = sim.run([&] { return collect(provider->sizes(page_of(201))); });
  REQUIRE_FALSE(sizes);
  CHECK(sizes.error().kind == ErrorKind::invalid_argument);
  CHECK(sim.stats().requests_for(packages_route) == 0);
}
