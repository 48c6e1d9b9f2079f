// The catalog: packages and disk templates page like VM lists (page/per_page through the shared
// numbered pager, streamed through catalog_mapping's mappings); data centers and zones are two
// small unpaged answers, joined into regions, with one zone read per region for its country's code.
// Packages and templates have by-id routes, so an exact id costs one request, not a re-list.
#include "providers/katapult/katapult_provider.hpp"

#include "core/failed_pager.hpp"
#include "providers/common/requests.hpp"
#include "providers/katapult/catalog_mapping.hpp"
#include "providers/katapult/pagination.hpp"

namespace polycloud::katapult {

using boost::asio::awaitable;
using providers::CatalogPart;
using providers::PageCursor;
using providers::PageOutcome;
using providers::Paging;

namespace {

/// The page size of a catalog listing: the caller's, else the configured one, never above the API's.
Result<std::size_t> catalog_per_page(CatalogOptions const& options, std::size_t configured,
                                     providers::CallSite const& site) {
  if (options.page_size > max_per_page) {
    return providers::invalid_argument(site, "page size " + std::to_string(options.page_size) +
                                                 " is above 200, the API's maximum");
  }
  return options.page_size != 0 ? options.page_size : configured;
}

}  // namespace

template <class Item, class Mapping>
std::unique_ptr<CatalogPager<Item>> KatapultProvider::paged_route(CatalogOptions const& options, PageUrl page_url,
                                                                  providers::BodyLayout layout) {
  auto per_page = catalog_per_page(options, settings_.per_page, site(providers::catalog_part_of<Item>));
  if (!per_page) return std::make_unique<detail::FailedCatalogPager<Item>>(per_page.error());
  return catalog_pager<Item>(
      options, Paging::numbered, *per_page,
      [this, per_page = *per_page, page_url, layout = std::move(layout)](
          CallOptions call, PageCursor cursor, providers::BasicBatchSink<Item>& sink) -> awaitable<Result<PageOutcome>> {
        auto const where = site(providers::catalog_part_of<Item>);
        PaginationReader pagination;
        Mapping mapping;
        auto request = providers::request_for(
            http::Method::get, page_url(endpoint_, settings_.organization, cursor.number, per_page), where);
        // Named, never a braced temporary inside the co_await: g++ 12.2 miscompiles those (design.md).
        providers::CatalogPageSpec<Item> const page{layout, &mapping, &pagination, error_mapper(where)};
        co_return co_await providers::load_catalog_page<Item>(*client_, std::move(request), call, page, sink, where);
      });
}

std::unique_ptr<SizePager> KatapultProvider::sizes(CatalogOptions options) {
  return paged_route<Size, PackageMapping>(options, packages_url, packages_layout());
}

std::unique_ptr<ImagePager> KatapultProvider::images(CatalogOptions options) {
  return paged_route<Image, TemplateMapping>(options, disk_templates_url, templates_layout());
}

std::unique_ptr<RegionPager> KatapultProvider::regions(CatalogOptions options) {
  return gathered_catalog_pager<Region>(options, [this](CallOptions call) { return load_regions(call); });
}

awaitable<Result<std::vector<Region>>> KatapultProvider::load_regions(CallOptions call) {
  auto const where = site(CatalogPart::regions);
  auto centers_request = providers::request_for(http::Method::get, data_centers_url(endpoint_), where);
  auto centers = co_await exchange_json(std::move(centers_request), call, where);
  if (!centers) co_return centers.error();
  auto zones_request = providers::request_for(http::Method::get, zones_url(endpoint_), where);
  auto zones = co_await exchange_json(std::move(zones_request), call, where);
  if (!zones) co_return zones.error();
  std::string problem;
  auto regions = regions_from(*centers, *zones, problem);
  if (!problem.empty()) co_return providers::protocol_error(where, problem);
  // The lists name a country only as {id, name}; a zone's own answer carries its iso code.
  auto const zone_of = zone_per_region(*zones);
  for (auto& region : regions) {
    auto const zone = zone_of.find(region.id);
    if (!region.country.empty() || zone == zone_of.end()) continue;
    auto zone_request = providers::request_for(http::Method::get, zone_url(endpoint_, zone->second), where);
    auto answer = co_await exchange_json(std::move(zone_request), call, where);
    if (!answer) co_return answer.error();
    region.country = country_code(*answer);
  }
  co_return regions;
}

template <class Item, class Mapping>
awaitable<Result<std::optional<Item>>> KatapultProvider::find_entry(std::string id, CallOptions options,
                                                                    LookupUrl lookup_url, providers::BodyLayout layout) {
  auto const where = site(providers::catalog_part_of<Item>);
  if (id.empty()) co_return providers::invalid_argument(where, "an id must not be empty (it names no entry)");
  Mapping mapping;
  auto request = providers::request_for(http::Method::get, lookup_url(endpoint_, id), where);
  co_return co_await find_catalog_entry<Item>(std::move(request), options, where, layout, mapping);
}

awaitable<Result<std::optional<Size>>> KatapultProvider::find_size(std::string id, CallOptions options) {
  return find_entry<Size, PackageMapping>(std::move(id), options, package_url, package_layout());
}

awaitable<Result<std::optional<Image>>> KatapultProvider::find_image(std::string id, CallOptions options) {
  return find_entry<Image, TemplateMapping>(std::move(id), options, disk_template_url, template_layout());
}

}  // namespace polycloud::katapult
