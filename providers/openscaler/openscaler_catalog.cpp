// The catalog of a provider with no catalog route: the entries seen on the project's VMs, then the
// configured ones, streamed from the list route (GET /v1/vms) through the observed mappings
// (catalog_mapping.hpp) and kept once per id. Nothing is invented: an entry is either declared by the
// user or seen on a VM, and says which (CatalogSource).
#include "providers/openscaler/openscaler_provider.hpp"

#include "providers/openscaler/catalog_mapping.hpp"
#include "providers/openscaler/vm_mapping.hpp"

namespace polycloud::openscaler {

using boost::asio::awaitable;
using providers::PageCursor;
using providers::PageOutcome;

template <class Item, class Mapping>
std::unique_ptr<CatalogPager<Item>> OpenScalerProvider::observed_catalog(CatalogOptions const& options,
                                                                         std::vector<Item> configured) {
  return catalog_pager<Item>(
      options, providers::Paging::single, 0,
      [this, configured = std::move(configured)](CallOptions call, PageCursor,
                                                 providers::BasicBatchSink<Item>& sink) -> awaitable<Result<PageOutcome>> {
        providers::ObserveLoader<Item> observe;
        if (settings_.project_id) {
          observe = [this, call](providers::BasicBatchSink<Item>& into) -> awaitable<Result<std::size_t>> {
            auto const where = site(providers::catalog_part_of<Item>);
            Mapping mapping;
            providers::BasicListStream<Item> stream(list_layout, mapping, where);
            auto request = providers::request_for(http::Method::get, list_url(endpoint_, *settings_.project_id), where);
            co_return co_await providers::stream_page(*client_, std::move(request), call, stream, into, where,
                                                      error_mapper(where));
          };
        }
        co_return co_await providers::configured_then_observed<Item>(configured, sink, std::move(observe));
      });
}

std::unique_ptr<SizePager> OpenScalerProvider::sizes(CatalogOptions options) {
  return observed_catalog<Size, ObservedSizeMapping>(options, settings_.catalog.sizes);
}

std::unique_ptr<ImagePager> OpenScalerProvider::images(CatalogOptions options) {
  return observed_catalog<Image, ObservedImageMapping>(options, settings_.catalog.images);
}

std::unique_ptr<RegionPager> OpenScalerProvider::regions(CatalogOptions options) {
  return observed_catalog<Region, ObservedRegionMapping>(options, settings_.catalog.regions);
}

}  // namespace polycloud::openscaler
