// Katapult's catalog mappings on the reference's own examples (katapult-api.md §1-3, §8): recorded
// answers and the legacy client's fixtures, whose items lack most fields.
#include "providers/katapult/catalog_mapping.hpp"
#include "providers/katapult/pagination.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;

namespace {

providers::CallSite const site{"kat", "katapult", "catalog sizes", nullptr};

template <class Item, class Mapping>
std::vector<Item> map_list(std::string const& body, providers::BodyLayout const& layout) {
  Mapping mapping;
  auto items = providers::map_all(body, layout, mapping, site);
  REQUIRE(items);
  return *items;
}

}  // namespace

TEST_CASE("katapult catalog: the recorded package list maps to a size named as a VM shows it") {
  auto const sizes = map_list<Size, PackageMapping>(test::read_fixture("packages_recorded.json"), packages_layout());
  REQUIRE(sizes.size() == 1);
  CHECK(sizes[0].id == "rock-3");  // the permalink: what a build takes
  CHECK(sizes[0].name == "ROCK-3");
  CHECK(sizes[0].vcpus == 1);
  CHECK(sizes[0].memory_mib == 3 * 1024);
  CHECK(sizes[0].disk_gb == 25);
  CHECK_FALSE(sizes[0].hourly);  // Katapult's packages carry no price
  CHECK(sizes[0].source == CatalogSource::api);
}

TEST_CASE("katapult catalog: the legacy fixtures' bare items map with what they have") {
  auto const sizes = map_list<Size, PackageMapping>(
      R"({"pagination":{"current_page":1,"total_pages":1,"total":3,"per_page":30,"large_set":false},
          "virtual_machine_packages":[{"id":"vmpkg_XdNPhGXvyt1dnDts","name":"X-Small","permalink":"xsmall"}]})",
      packages_layout());
  REQUIRE(sizes.size() == 1);
  CHECK(sizes[0].id == "xsmall");
  CHECK(sizes[0].vcpus == 0);
  CHECK_FALSE(sizes[0].disk_gb);
  PackageMapping package;
  auto one = providers::map_one(R"({"virtual_machine_package":{"id":"vmpkg_YlqvfsKqZJODtvjG","name":"Small","permalink":"small"}})",
                                package_layout(), package, site);
  REQUIRE(one);
  CHECK(one->id == "small");
  auto images = map_list<Image, TemplateMapping>(
      R"({"pagination":{"current_page":1,"total_pages":1,"total":3,"per_page":30,"large_set":false},
          "disk_templates":[{"id":"dtpl_ytP13XD5DE1RdSL9","name":"Ubuntu 18.04 Server","permalink":"templates/ubuntu-18-04"}]})",
      templates_layout());
  REQUIRE(images.size() == 1);
  CHECK(images[0].os == "ubuntu");  // no operating_system: from the permalink
  CHECK(images[0].version == "18.04");
}

TEST_CASE("katapult catalog: a recorded disk template gives os from its operating system and version from its permalink") {
  auto const images =
      map_list<Image, TemplateMapping>(test::read_fixture("disk_templates_recorded.json"), templates_layout());
  REQUIRE(images.size() == 1);
  CHECK(images[0].id == "templates/ubuntu-22-04");
  CHECK(images[0].name == "Ubuntu 22.04");
  CHECK(images[0].os == "ubuntu");
  CHECK(images[0].version == "22.04");
  CHECK_FALSE(images[0].min_disk_gb);
}

TEST_CASE("katapult catalog: a package without an id is a protocol error naming the item") {
  PackageMapping mapping;
  auto items = providers::map_all(R"({"virtual_machine_packages":[{"name":"No id"}]})", packages_layout(), mapping, site);
  REQUIRE_FALSE(items);
  CHECK(items.error().kind == ErrorKind::protocol);
  CHECK(items.error().operation == "catalog sizes");
  CHECK(items.error().message.find("id: missing") != std::string::npos);
}

TEST_CASE("katapult catalog: data centers and zones join into regions") {
  auto const centers = boost::json::parse(
      R"({"data_centers":[{"id":"dc_25d48761871e4bf","name":"Shirebury","permalink":"shirebury"},
                          {"id":"loc_UUhPmoCbpic6UX0Y","name":"London","permalink":"uk-lon-01","country":{"id":"ctry_6AO9tYYugvTGnd5b","name":"United Kingdom"}}]})");
  auto const zones = boost::json::parse(
      R"({"zones":[{"id":"zone_SIfjBnlL8Qox99oX","name":"LON-4","permalink":"lon-zone-4","data_center":{"id":"loc_UUhPmoCbpic6UX0Y","name":"London","permalink":"uk-lon-01"}},
                   {"id":"zone_a","name":"No permalink","permalink":null,"data_center":{"id":"loc_UUhPmoCbpic6UX0Y","name":"London","permalink":"uk-lon-01"}}]})");
  std::string problem;
  auto const regions = regions_from(centers, zones, problem);
  CHECK(problem.empty());
  REQUIRE(regions.size() == 2);
  CHECK(regions[0].id == "shirebury");
  CHECK(regions[0].zones.empty());
  CHECK(regions[1].id == "uk-lon-01");
  CHECK(regions[1].country.empty());  // the list names the country only by {id, name}
  CHECK(regions[1].zones == std::vector<std::string>{"lon-zone-4", "zone_a"});
  CHECK(zone_per_region(zones).at("uk-lon-01") == "zone_SIfjBnlL8Qox99oX");
  CHECK(country_code(boost::json::parse(
            R"({"zone":{"id":"z","data_center":{"id":"d","country":{"id":"c","name":"United Kingdom","iso_code2":"GB"}}}})")) ==
        "GB");
}
