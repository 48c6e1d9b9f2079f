#pragma once
// A provider that only has a catalog, counting what is asked of it: how many listings of each part were
// started and how many by-id lookups were made. The cache tests count requests through it.
#include <polycloud/provider.hpp>

#include <atomic>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace polycloud::test {

template <class Item>
class VectorPager final : public CatalogPager<Item> {
 public:
  explicit VectorPager(Result<std::vector<Item>> items) : items_(std::move(items)) {}
  boost::asio::awaitable<Result<std::optional<std::vector<Item>>>> next() override {
    if (!items_) co_return items_.error();
    if (done_ || items_->empty()) co_return std::optional<std::vector<Item>>();
    done_ = true;
    co_return std::optional<std::vector<Item>>(*items_);
  }

 private:
  Result<std::vector<Item>> items_;
  bool done_ = false;
};

class CountingCatalogProvider final : public Provider {
 public:
  explicit CountingCatalogProvider(std::string name, std::string type = "counting") : name_(std::move(name)), type_(std::move(type)) {
    capabilities_.catalog_sizes = capabilities_.catalog_images = capabilities_.catalog_regions = true;
  }

  Catalog catalog;                   ///< what the listings return
  std::vector<Size> hidden_sizes;    ///< found by id only (added after the listing, say)
  std::vector<Image> hidden_images;
  std::optional<Error> fail_listing;  ///< every listing fails with it while set
  /// Atomic: a test may call from several threads at once.
  std::atomic<int> size_listings = 0, image_listings = 0, region_listings = 0, size_finds = 0, image_finds = 0;

  int listings() const { return size_listings + image_listings + region_listings; }
  void set_capabilities(Capabilities capabilities) { capabilities_ = capabilities; }

  std::string const& name() const noexcept override { return name_; }
  std::string_view type() const noexcept override { return type_; }
  Capabilities capabilities() const noexcept override { return capabilities_; }

  std::unique_ptr<SizePager> sizes(CatalogOptions) override {
    ++size_listings;
    return pager(catalog.sizes);
  }
  std::unique_ptr<ImagePager> images(CatalogOptions) override {
    ++image_listings;
    return pager(catalog.images);
  }
  std::unique_ptr<RegionPager> regions(CatalogOptions) override {
    ++region_listings;
    return pager(catalog.regions);
  }
  boost::asio::awaitable<Result<std::optional<Size>>> find_size(std::string id, CallOptions) override {
    ++size_finds;
    co_return find(catalog.sizes, hidden_sizes, id);
  }
  boost::asio::awaitable<Result<std::optional<Image>>> find_image(std::string id, CallOptions) override {
    ++image_finds;
    co_return find(catalog.images, hidden_images, id);
  }

  // Not a VM provider: nothing else is called by the cache.
  std::unique_ptr<InstancePager> list(ListOptions) override { return nullptr; }
  boost::asio::awaitable<Result<Instance>> get(std::string, GetOptions) override { co_return unsupported(Operation::get); }
  boost::asio::awaitable<Result<Instance>> create(CreateSpec, ProgressCallback, CallOptions) override {
    co_return unsupported(Operation::create);
  }
  boost::asio::awaitable<Result<void>> remove(std::string, CallOptions) override { co_return unsupported(Operation::remove); }
  boost::asio::awaitable<Result<void>> start(std::string, CallOptions) override { co_return unsupported(Operation::start); }
  boost::asio::awaitable<Result<void>> stop(std::string, CallOptions) override { co_return unsupported(Operation::stop); }
  boost::asio::awaitable<Result<void>> reboot(std::string, CallOptions) override { co_return unsupported(Operation::reboot); }

 private:
  template <class Item>
  std::unique_ptr<CatalogPager<Item>> pager(std::vector<Item> const& items) {
    if (fail_listing) return std::make_unique<VectorPager<Item>>(*fail_listing);
    return std::make_unique<VectorPager<Item>>(items);
  }
  template <class Item>
  static std::optional<Item> find(std::vector<Item> const& listed, std::vector<Item> const& hidden, std::string const& id) {
    for (auto const* items : {&listed, &hidden})
      for (auto const& item : *items)
        if (item.id == id) return item;
    return std::nullopt;
  }
  Error unsupported(Operation op) const { return not_supported(name_, op); }

  std::string name_, type_;
  Capabilities capabilities_;
};

/// A small catalog: two sizes (one priced), two images, one region with zones.
inline Catalog sample_catalog() {
  Catalog catalog;
  Size small{"s-1", "small", 1, 2048, 20, Price{0.01, "GBP", Price::Period::hour, CatalogSource::api}, std::nullopt,
             {"lon1"}, CatalogSource::api};
  Size large{"s-2", "large", 4, 8192, std::nullopt, std::nullopt,
             Price{29.5, "GBP", Price::Period::month, CatalogSource::config}, {}, CatalogSource::config};
  catalog.sizes = {small, large};
  catalog.images = {Image{"img-deb12", "Debian 12", "debian", "12", 10, CatalogSource::api},
                    Image{"img-ubu", "Ubuntu 22.04", "ubuntu", "22.04", std::nullopt, CatalogSource::observed}};
  catalog.regions = {Region{"lon1", "London", "GB", {"lon1-a", "lon1-b"}, CatalogSource::api}};
  return catalog;
}

}  // namespace polycloud::test
