// collect_catalog: the parts of one provider's catalog its capabilities() list, drained into a Catalog.
#include <polycloud/fleet.hpp>

namespace polycloud {

namespace {
namespace asio = boost::asio;

template <class Item>
asio::awaitable<Result<void>> collect_into(std::unique_ptr<CatalogPager<Item>> pager, std::vector<Item>& into) {
  auto all = co_await collect(std::move(pager));
  if (!all) co_return all.error();
  into = std::move(*all);
  co_return Result<void>();
}
}  // namespace

asio::awaitable<Result<Catalog>> collect_catalog(Provider& provider, CatalogOptions options) {
  auto const capabilities = provider.capabilities();
  Catalog catalog;
  if (capabilities.catalog_sizes)
    if (auto done = co_await collect_into(provider.sizes(options), catalog.sizes); !done) co_return done.error();
  if (capabilities.catalog_images)
    if (auto done = co_await collect_into(provider.images(options), catalog.images); !done) co_return done.error();
  if (capabilities.catalog_regions)
    if (auto done = co_await collect_into(provider.regions(options), catalog.regions); !done) co_return done.error();
  co_return catalog;
}

}  // namespace polycloud
