// The catalog over the selected providers, fanned out as list is (fleet_impl.hpp's fan_out): each
// provider drains its own catalog pager concurrently; one provider's failure is its own summary.
#include "fleet/fleet_impl.hpp"

#include <map>
#include <mutex>
#include <type_traits>

namespace polycloud {

namespace {
namespace asio = boost::asio;

/// Whether the provider says it lists this part, and the operation its errors name.
template <class Item>
bool lists_part(Capabilities const& capabilities) {
  if constexpr (std::is_same_v<Item, Size>) return capabilities.catalog_sizes;
  if constexpr (std::is_same_v<Item, Image>) return capabilities.catalog_images;
  return capabilities.catalog_regions;
}
template <class Item>
std::string part_operation() {
  if constexpr (std::is_same_v<Item, Size>) return "catalog sizes";
  if constexpr (std::is_same_v<Item, Image>) return "catalog images";
  return "catalog regions";
}

template <class Item>
std::unique_ptr<CatalogPager<Item>> pager_of(Provider& provider, CatalogOptions options) {
  if constexpr (std::is_same_v<Item, Size>) return provider.sizes(std::move(options));
  if constexpr (std::is_same_v<Item, Image>) return provider.images(std::move(options));
  if constexpr (std::is_same_v<Item, Region>) return provider.regions(std::move(options));
}

/// Lists one provider's part to the end (or its first error).
template <class Item>
asio::awaitable<Result<std::size_t>> drain(Provider& provider, CatalogOptions options, CatalogSink<Item> const& sink) {
  auto pager = pager_of<Item>(provider, std::move(options));
  std::size_t delivered = 0;
  for (;;) {
    auto batch = co_await pager->next();
    if (!batch) co_return batch.error();
    if (!*batch) co_return delivered;
    delivered += (*batch)->size();
    if (!(*batch)->empty()) sink(provider.name(), **batch);
  }
}

template <class Item>
void append(std::vector<Item>& into, std::vector<Item>& batch) {
  std::move(batch.begin(), batch.end(), std::back_inserter(into));
}

}  // namespace

template <class Item>
asio::awaitable<std::vector<ProviderListSummary>> Fleet::list_catalog(FleetCatalogOptions options, CatalogSink<Item> sink) {
  auto names = fleet_detail::selected_names(*this, std::move(options.providers));
  std::mutex sink_mutex;  // one batch at a time, whatever thread each provider's drain runs on
  CatalogSink<Item> const serialized = [&sink_mutex, &sink](std::string const& provider, std::vector<Item>& batch) {
    std::lock_guard const lock(sink_mutex);
    sink(provider, batch);
  };
  auto const& catalog = options.catalog;
  co_return co_await fleet_detail::fan_out(
      *this, std::move(names), [&](Provider& provider) { return drain<Item>(provider, catalog, serialized); },
      part_operation<Item>());
}

template asio::awaitable<std::vector<ProviderListSummary>> Fleet::list_catalog(FleetCatalogOptions, CatalogSink<Size>);
template asio::awaitable<std::vector<ProviderListSummary>> Fleet::list_catalog(FleetCatalogOptions, CatalogSink<Image>);
template asio::awaitable<std::vector<ProviderListSummary>> Fleet::list_catalog(FleetCatalogOptions, CatalogSink<Region>);

asio::awaitable<std::vector<ProviderCatalog>> Fleet::catalog(FleetCatalogOptions options) {
  auto const names = fleet_detail::selected_names(*this, std::move(options.providers));
  std::map<std::string, Catalog> collected;
  std::map<std::string, Error> failed;
  // One part after another, each over every provider at once; a part a provider does not list is left empty.
  auto part = [&]<class Item>(std::vector<Item> Catalog::*member) -> asio::awaitable<void> {
    FleetCatalogOptions selected;
    selected.providers = names;
    selected.catalog = options.catalog;
    CatalogSink<Item> sink = [&](std::string const& provider, std::vector<Item>& batch) {
      append(collected[provider].*member, batch);
    };
    auto summaries = co_await list_catalog<Item>(std::move(selected), std::move(sink));
    for (auto& summary : summaries) {
      if (summary.delivered || failed.contains(summary.provider)) continue;
      auto lookup = provider(summary.provider);
      bool const unsupported = lookup && !lists_part<Item>((*lookup)->capabilities()) &&
                               summary.delivered.error().kind == ErrorKind::not_supported;
      if (!unsupported) failed.emplace(summary.provider, summary.delivered.error());
    }
  };
  co_await part(&Catalog::sizes);
  co_await part(&Catalog::images);
  co_await part(&Catalog::regions);
  std::vector<ProviderCatalog> catalogs;
  for (auto const& name : names) {
    if (auto error = failed.find(name); error != failed.end()) {
      catalogs.push_back({name, error->second});
    } else {
      catalogs.push_back({name, std::move(collected[name])});
    }
  }
  co_return catalogs;
}

}  // namespace polycloud
