// GET /v1/flavors and GET /v1/images, in the Nova shapes api-facts.md infers for ByCloud (nothing is
// documented): {"flavors":[{id,name,vcpus,ram,disk}]} and {"images":[{id,name,status,min_disk}]}, or the
// bare arrays when ByCloudOptions::bare_catalog says so, so that a client is tested against both. The
// flavors and images are the ones instances carry, plus images no generated instance uses and, for
// a large catalog, numbered extras (ByCloudOptions::extra_images).
#include "sim/bycloud/bycloud.hpp"

#include "sim/bycloud/instance_data.hpp"
#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <array>
#include <cstdio>

namespace polycloud::sim {
namespace {

namespace json = boost::json;

struct CatalogOnlyImage {
  char const* id;
  char const* name;
  int min_disk;
};
// Offered, but on no generated instance (a newer release than the fleet runs).
constexpr std::array<CatalogOnlyImage, 1> kCatalogOnlyImages{{
    {"9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f05", "Ubuntu 24.04 LTS", 20},
}};
// min_disk of kImages, in their order: Ubuntu 22.04, Debian 12, Rocky 9, Windows Server 2022.
constexpr std::array<int, 4> kImageMinDisk{20, 10, 20, 40};

/// `[a,b]` or `{"<key>":[a,b]}`.
std::string wrap(std::string_view key, std::string items, bool bare) {
  if (bare) return items;
  return "{\"" + std::string(key) + "\":" + items + "}";
}

}  // namespace

Reply ByCloudApi::flavors() const {
  json::array items;
  for (auto const& flavor : bycloud::kFlavors) {
    items.push_back(json::object{
        {"id", flavor.id}, {"name", flavor.name}, {"vcpus", flavor.vcpus}, {"ram", flavor.ram}, {"disk", flavor.disk}});
  }
  return Reply::json(200, wrap("flavors", json::serialize(items), options_.bare_catalog));
}

Reply ByCloudApi::images() const {
  std::string body = "[";
  auto add = [&body](json::object const& image) {
    if (body.size() > 1) body += ',';
    body += json::serialize(image);
  };
  for (std::size_t i = 0; i < bycloud::kImages.size(); ++i) {
    add({{"id", bycloud::kImages[i].id}, {"name", bycloud::kImages[i].name}, {"status", "active"},
         {"min_disk", kImageMinDisk[i]}});
  }
  for (auto const& image : kCatalogOnlyImages) {
    add({{"id", image.id}, {"name", image.name}, {"status", "active"}, {"min_disk", image.min_disk}});
  }
  // Written item by item: a 10,000-image answer never becomes one DOM here either.
  for (std::size_t i = 0; i < options_.extra_images; ++i) {
    add({{"id", seeded_uuid(options_.seed, i, 71)}, {"name", "Custom image " + std::to_string(i)},
         {"status", "active"}, {"min_disk", nullptr}});
  }
  body += ']';
  return Reply::json(200, wrap("images", std::move(body), options_.bare_catalog));
}

}  // namespace polycloud::sim
