#pragma once
// A provider's `prices` config block, taken by every adapter: prices the user knows for sizes its catalog
// lists without one. Katapult's packages and ByCloud's flavors carry no price (katapult-api.md §1,
// api-facts.md), so without it placement can only rank them after every priced provider. Keyed by a size's
// id or name; an entry holds a catalog size's own price keys, read by the same reader (catalog_config.hpp),
// each price marked CatalogSource::config:
//
//   "prices": {"rock-3":   {"price_monthly": 11, "currency": "EUR"},
//              "m1.small": {"price_hourly": 0.0192, "price_monthly": 14, "currency": "EUR"}}
//
// A configured price replaces the one the catalog gives (a contract price beats a list price). A key that
// names no listed size changes nothing: the catalog is not known when the config is read.

#include "providers/common/catalog_config.hpp"
#include "providers/common/settings_table.hpp"

#include <polycloud/catalog.hpp>
#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace polycloud::providers {

struct PriceOverlay {
  std::map<std::string, SizePrices, std::less<>> by_size;  ///< by size id or name

  bool empty() const noexcept { return by_size.empty(); }
  /// Gives `size` the prices configured for its id, else for its name; leaves it as it is otherwise.
  void apply(Size& size) const;
};

/// Reads the block at `key` of the provider's config.
Result<PriceOverlay> read_price_overlay(ProviderConfig const& config, std::string_view key,
                                        boost::json::value const& block);

/// The SettingsTable entry of a `prices` block.
template <class S>
Setting<S> price_block(std::string_view key, PriceOverlay S::*member) {
  return block(key, member, read_price_overlay);
}

/// `pager`, each size it delivers given `overlay`'s prices.
std::unique_ptr<SizePager> priced(std::unique_ptr<SizePager> pager, std::shared_ptr<PriceOverlay const> overlay);

}  // namespace polycloud::providers
