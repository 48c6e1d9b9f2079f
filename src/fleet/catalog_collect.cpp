// collect_catalog: the parts of one provider's catalog its capabilities() list, drained into a Catalog.
#include <polycloud/fleet.hpp>

namespace polycloud {

namespace {
namespace asio = boost::asio;

template <class Item>
asio::awaitable<Result<void>> drain(std::unique_ptr<CatalogPager<Item>> pager, std::vector<Item>& into) {
  for (;;) {
    auto batch = co_await pager->next();
    if (!batch) co_return batch.error();
    if (!*batch) co_return Result<void>();
    std::move((*batch)->begin(), (*batch)->end(), std::back_inserter(into));
  }
}
}  // namespace

asio::awaitable<Result<Catalog>> collect_catalog(Provider& provider, CatalogOptions options) {
  auto const capabilities = provider.capabilities();
  Catalog catalog;
  if (capabilities.catalog_sizes)
    if (auto done = co_await drain(provider.sizes(options), catalog.sizes); !done) co_return done.error();
  if (capabilities.catalog_images)
    if (auto done = co_await drain(provider.images(options), catalog.images); !done) co_return done.error();
  if (capabilities.catalog_regions)
    if (auto done = co_await drain(provider.regions(options), catalog.regions); !done) co_return done.error();
  co_return catalog;
}

}  // namespace polycloud
