// ByCloud's catalog through the inferred Nova-shaped routes: the mappings on the shapes api-facts.md
// gives, then the provider against the simulator answering both the wrapped and the bare form.
#include "providers/bycloud/catalog_mapping.hpp"

#include "sim/bycloud/bycloud.hpp"
#include "test_support.hpp"
#include "tests/support/simulated_provider.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace polycloud;
namespace json = boost::json;

namespace {

constexpr char const* token = "bycloud-sim-token";
providers::CallSite const site{"spo", "bycloud", "catalog images", nullptr};

struct ByCloudCatalogSim : test::SimulatedApi {
  // until_ready: a pager driven batch by batch leaves its producer waiting for the next take.
  explicit ByCloudCatalogSim(sim::ByCloudOptions options = {})
      : SimulatedApi(test::api_accepting<sim::ByCloudApi>(token, std::move(options)), {}, Drain::until_ready) {}
  std::unique_ptr<Provider> provider(std::string endpoint = {}) {
    return SimulatedApi::provider(
        test::sim_config("spo", "bycloud", endpoint.empty() ? origin() : endpoint, token, ca_file()));
  }
};

template <class Item>
Item const& entry(std::vector<Item> const& items, std::string const& name) {
  auto found = std::find_if(items.begin(), items.end(), [&](Item const& item) { return item.name == name; });
  REQUIRE(found != items.end());
  return *found;
}

}  // namespace

TEST_CASE("bycloud catalog: Nova-shaped flavors map in either form") {
  auto const item = R"({"id":"f1","name":"m1.small","vcpus":1,"ram":2048,"disk":20})";
  for (auto const& body : {std::string("{\"flavors\":[") + item + "]}", std::string("[") + item + "]"}) {
    CAPTURE(body);
    bycloud::FlavorMapping mapping;
    auto sizes = providers::map_all(body, bycloud::flavors_layout(), mapping, site);
    REQUIRE(sizes);
    REQUIRE(sizes->size() == 1);
    CHECK(sizes->front().id == "f1");
    CHECK(sizes->front().memory_mib == 2048);
    CHECK(sizes->front().disk_gb == 20);
  }
}

TEST_CASE("bycloud catalog: an image's os and version come from its name") {
  bycloud::ImageMapping mapping;
  auto images = providers::map_all(
      R"json({"images":[{"id":"i1","name":"Debian 12 (bookworm)","status":"active","min_disk":10},
                    {"id":"i2","name":"Ubuntu 22.04 LTS","status":"active","min_disk":null},
                    {"id":"i3","name":null}]})json",
      bycloud::images_layout(), mapping, site);
  REQUIRE(images);
  REQUIRE(images->size() == 3);
  CHECK((*images)[0].os == "debian");
  CHECK((*images)[0].version == "12");
  CHECK((*images)[0].min_disk_gb == 10);
  CHECK((*images)[1].os == "ubuntu");
  CHECK((*images)[1].version == "22.04");
  CHECK_FALSE((*images)[1].min_disk_gb);
  CHECK((*images)[2].name == "i3");  // no name: the id stands in
  CHECK((*images)[2].os.empty());
}

TEST_CASE("bycloud catalog: a body with neither form is a protocol error naming the operation") {
  bycloud::ImageMapping mapping;
  auto images = providers::map_all(R"({"items":[]})", bycloud::images_layout(), mapping, site);
  REQUIRE_FALSE(images);
  CHECK(images.error().kind == ErrorKind::protocol);
  CHECK(images.error().operation == "catalog images");
}

TEST_CASE("bycloud catalog over TLS: flavors and images in the wrapped and the bare form") {
  for (bool const bare : {false, true}) {
    CAPTURE(bare);
    sim::ByCloudOptions options;
    options.bare_catalog = bare;
    ByCloudCatalogSim sim(options);
    auto provider = sim.provider();
    CHECK(provider->capabilities().catalog_images);
    auto sizes = sim.run([&] { return collect(provider->sizes({})); });
    REQUIRE(sizes);
    CHECK(sizes->size() == 4);
    CHECK(entry(*sizes, "m1.small").memory_mib == 2048);
    auto images = sim.run([&] { return collect(provider->images({})); });
    REQUIRE(images);
    CHECK(images->size() == 5);
    CHECK(entry(*images, "Debian 12").version == "12");
    CHECK(entry(*images, "Ubuntu 24.04 LTS").version == "24.04");
    CHECK(sim.stats().requests_for("GET /v1/flavors") == 1);
    CHECK(sim.stats().requests_for("GET /v1/images") == 1);
  }
}

TEST_CASE("bycloud catalog over TLS: every flavor a listed instance shows is a catalog size") {
  ByCloudCatalogSim sim;
  auto provider = sim.provider();
  auto sizes = sim.run([&] { return collect(provider->sizes({})); });
  REQUIRE(sizes);
  auto vms = sim.run([&] { return collect(provider->list({})); });
  REQUIRE(vms);
  for (auto const& vm : *vms) {
    CAPTURE(vm.size);
    CHECK(std::any_of(sizes->begin(), sizes->end(), [&](Size const& size) { return size.name == vm.size; }));
  }
}

TEST_CASE("bycloud catalog over TLS: 10,000 images stream in batches of at most 512") {
  sim::ByCloudOptions options;
  options.extra_images = 10'000;
  ByCloudCatalogSim sim(options);
  auto provider = sim.provider();
  auto pager = provider->images({});
  std::size_t total = 0, batches = 0;
  for (;;) {
    auto batch = sim.run([&] { return pager->next(); });
    REQUIRE(batch);
    if (!*batch) break;
    CHECK((*batch)->size() <= max_batch_size);
    total += (*batch)->size();
    ++batches;
  }
  CHECK(total == 10'005);
  CHECK(batches >= 20);
}

TEST_CASE("bycloud catalog over TLS: the one region is the endpoint's, none for an endpoint naming none") {
  ByCloudCatalogSim sim;
  auto provider = sim.provider();
  auto regions = sim.run([&] { return collect(provider->regions({})); });
  REQUIRE(regions);
  CHECK(regions->empty());  // 127.0.0.1 is not api.<region>.mycloud.com
  CHECK(sim.stats().requests_total == 0);
}
