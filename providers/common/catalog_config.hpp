#pragma once
// A provider's `catalog` config block: sizes, images and regions the user declares, for a provider
// with no catalog route (OpenScaler) or to name what its routes do not say. Each entry's source is
// CatalogSource::config; every problem is a config error naming the key path
// ("providers.alg.catalog.sizes[1].memory: expected …").
//
//   "catalog": {
//     "sizes":   [{"id": "b-2-4096mb-40", "name": "…"?, "vcpus": 2, "memory": "4GiB" | "memory_mib": 4096,
//                  "disk_gb": 40?, "price_hourly": 0.036?, "price_monthly": 25?, "currency": "EUR"?,
//                  "regions": ["alg1"]?}],
//     "images":  [{"id": "debian-12", "name": "…"?, "os": "debian"?, "version": "12"?, "min_disk_gb": 10?}],
//     "regions": [{"id": "alg1", "name": "…"?, "country": "DZ"?, "zones": ["…"]?}]
//   }
// An image without os or version takes them from its id (or name) by the rule of catalog_words.hpp.

#include "providers/common/json_fields.hpp"
#include "providers/common/settings_table.hpp"

#include <polycloud/catalog.hpp>
#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// A size's prices as the config gives them (each marked CatalogSource::config).
struct SizePrices {
  std::optional<Price> hourly;  ///< as given, else the monthly one / 730
  std::optional<Price> monthly;
};

/// The price keys of a size entry: "price_hourly", "price_monthly" (numbers of at least 0) and "currency",
/// read through `fields`; a bad amount is a config error at `where`.<key>. Shared by the `catalog` block's
/// sizes and the `prices` block (price_overlay.hpp), so both read a price the same way.
Result<SizePrices> read_size_prices(ProviderConfig const& config, FieldReader& fields, std::string const& where);

struct ConfiguredCatalog {
  std::vector<Size> sizes;
  std::vector<Image> images;
  std::vector<Region> regions;
};

/// Reads the block at `key` of the provider's config.
Result<ConfiguredCatalog> read_catalog(ProviderConfig const& config, std::string_view key,
                                       boost::json::value const& block);

/// The SettingsTable entry of a `catalog` block.
template <class S>
Setting<S> catalog_block(std::string_view key, ConfiguredCatalog S::*member) {
  return block(key, member, read_catalog);
}

}  // namespace polycloud::providers
