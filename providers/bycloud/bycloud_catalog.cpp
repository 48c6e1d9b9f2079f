// The catalog through the inferred Nova-shaped routes (inferred_routes.hpp): flavors and images, each
// one answer (no paging is known) streamed through catalog_mapping's mappings, bare or wrapped. The
// one region is the endpoint's own (api.<region>.mycloud.com): no region route is known.
#include "providers/bycloud/bycloud_provider.hpp"

#include "providers/bycloud/catalog_mapping.hpp"
#include "providers/bycloud/inferred_routes.hpp"
#include "providers/common/requests.hpp"

namespace polycloud::bycloud {

using boost::asio::awaitable;
using providers::CatalogPart;
using providers::PageCursor;
using providers::PageOutcome;
using providers::Paging;

template <class Item, class Mapping>
std::unique_ptr<CatalogPager<Item>> ByCloudProvider::single_route(CatalogOptions const& options, boost::urls::url url,
                                                                  providers::BodyLayout layout) {
  return catalog_pager<Item>(options, Paging::single, 0,
                             [this, url = std::move(url), layout = std::move(layout)](
                                 CallOptions call, PageCursor, providers::BasicBatchSink<Item>& sink)
                                 -> awaitable<Result<PageOutcome>> {
                               auto const where = site(providers::catalog_part_of<Item>);
                               Mapping mapping;
                               auto request = providers::request_for(http::Method::get, url, where);
                               // Named: g++ 12.2 miscompiles a braced temporary inside a co_await.
                               providers::CatalogPageSpec<Item> const page{layout, &mapping, nullptr,
                                                                           error_mapper(where)};
                               co_return co_await providers::load_catalog_page<Item>(*client_, std::move(request),
                                                                                     call, page, sink, where);
                             });
}

std::unique_ptr<SizePager> ByCloudProvider::sizes(CatalogOptions options) {
  return single_route<Size, FlavorMapping>(options, flavors_url(endpoint_), flavors_layout());
}

std::unique_ptr<ImagePager> ByCloudProvider::images(CatalogOptions options) {
  return single_route<Image, ImageMapping>(options, images_url(endpoint_), images_layout());
}

std::unique_ptr<RegionPager> ByCloudProvider::regions(CatalogOptions options) {
  return gathered_catalog_pager<Region>(options, [this](CallOptions) -> awaitable<Result<std::vector<Region>>> {
    std::vector<Region> regions;
    if (region_.empty()) co_return regions;  // an endpoint that names none (a proxy, a test server)
    Region region;
    region.id = region.name = region_;
    region.source = CatalogSource::config;  // read from the configured endpoint, not asked
    regions.push_back(std::move(region));
    co_return regions;
  });
}

}  // namespace polycloud::bycloud
