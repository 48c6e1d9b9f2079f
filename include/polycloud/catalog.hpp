#pragma once
// What a provider offers to build a VM from: sizes, images and regions, provider-neutral. A value type
// like Instance; the selectors of core/selector (issue 18) choose among them with no I/O, and the
// adapters list them lazily (Provider::sizes/images/regions) through the shared pager.

#include <polycloud/error.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polycloud {

/// Where a catalog entry came from: the provider's catalog route, the config's `catalog` block, or
/// what was seen on the account's own VMs (OpenScaler has no catalog route).
enum class CatalogSource { api, config, observed };
std::string_view to_string(CatalogSource source) noexcept;

struct Price {
  enum class Period { hour, month };
  double amount = 0;
  std::string currency;  ///< ISO 4217 ("GBP"); empty when the provider does not say
  Period period = Period::hour;
  CatalogSource source = CatalogSource::api;
  friend bool operator==(Price const&, Price const&) = default;
};

struct Size {
  std::string id;    ///< what the provider's create takes
  std::string name;  ///< what `list`/`get` show as Instance::size (may equal id)
  int vcpus = 0;
  std::int64_t memory_mib = 0;
  std::optional<std::int64_t> disk_gb;
  std::optional<Price> hourly;   ///< per hour, as given or as monthly / 730 (marked by its source)
  std::optional<Price> monthly;
  std::vector<std::string> regions;  ///< region ids where it is offered; empty: everywhere or unknown
  CatalogSource source = CatalogSource::api;
  friend bool operator==(Size const&, Size const&) = default;
};

struct Image {
  std::string id;    ///< what the provider's create takes
  std::string name;  ///< what `list`/`get` show as Instance::image
  std::string os;       ///< lower-case family ("debian", "ubuntu"); empty when unknown
  std::string version;  ///< dotted ("12", "22.04"); empty when unknown
  std::optional<std::int64_t> min_disk_gb;
  CatalogSource source = CatalogSource::api;
  friend bool operator==(Image const&, Image const&) = default;
};

struct Region {
  std::string id;  ///< what the provider's create takes
  std::string name;
  std::string country;  ///< ISO 3166-1 alpha-2 ("GB"); empty when unknown
  std::vector<std::string> zones;
  CatalogSource source = CatalogSource::api;
  friend bool operator==(Region const&, Region const&) = default;
};

/// A lazy catalog listing, the InstancePager contract for catalog items: nothing is sent before the
/// first next(); batches come in listing order; an empty optional once complete; after an error the
/// pager is finished and repeats it.
template <class Item>
class CatalogPager {
 public:
  virtual ~CatalogPager() = default;
  virtual boost::asio::awaitable<Result<std::optional<std::vector<Item>>>> next() = 0;
};
using SizePager = CatalogPager<Size>;
using ImagePager = CatalogPager<Image>;
using RegionPager = CatalogPager<Region>;

/// Drains a catalog pager into one vector (the collected form; a selector needs it all).
template <class Item>
boost::asio::awaitable<Result<std::vector<Item>>> collect(CatalogPager<Item>& pager) {
  std::vector<Item> all;
  for (;;) {
    auto batch = co_await pager.next();
    if (!batch) co_return batch.error();
    if (!*batch) co_return all;
    for (auto& item : **batch) all.push_back(std::move(item));
  }
}
/// Same, owning the pager: safe with a temporary, e.g. `co_await collect(provider.sizes({}))`.
template <class Item>
boost::asio::awaitable<Result<std::vector<Item>>> collect(std::unique_ptr<CatalogPager<Item>> pager) {
  co_return co_await collect(*pager);
}

/// One provider's whole catalog, collected (small enough to hold: the selectors need it all).
struct Catalog {
  std::vector<Size> sizes;
  std::vector<Image> images;
  std::vector<Region> regions;
  friend bool operator==(Catalog const&, Catalog const&) = default;
};

}  // namespace polycloud
