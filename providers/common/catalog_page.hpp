#pragma once
// What every adapter's catalog listing shares: the operation names its errors carry ("catalog sizes"),
// the loader of one catalog page (a request streamed through the adapter's catalog mapping, the
// numbered envelope read when the route is paged), and pages made of entries already at hand (a
// config's `catalog` block, a route answered by a small DOM).

#include "providers/common/call_site.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/page_envelope.hpp"
#include "providers/common/page_stream.hpp"
#include "providers/common/pager.hpp"

#include "http/client.hpp"

#include <polycloud/catalog.hpp>

#include <boost/asio/awaitable.hpp>

#include <set>
#include <string>
#include <vector>

namespace polycloud::providers {

enum class CatalogPart { sizes, images, regions };
/// "catalog sizes", "catalog images", "catalog regions": the operation an Error names.
std::string catalog_operation(CatalogPart part);
/// The part an Item belongs to.
template <class Item> inline constexpr CatalogPart catalog_part_of = CatalogPart::sizes;
template <> inline constexpr CatalogPart catalog_part_of<Image> = CatalogPart::images;
template <> inline constexpr CatalogPart catalog_part_of<Region> = CatalogPart::regions;

/// How one catalog page is read: where its items are, the mapping, and (paged routes) the envelope.
template <class Item>
struct CatalogPageSpec {
  BodyLayout layout;
  BasicItemMapping<Item>* mapping = nullptr;
  NumberedEnvelope* numbered = nullptr;  ///< paged: where the number of pages is read; null: one page
  ErrorResponseMapper map_error;         ///< the adapter's error answer mapping (AdapterBase::error_for)
};

/// Streams `request`'s answer into `sink` and says what the page told about the listing.
template <class Item>
boost::asio::awaitable<Result<PageOutcome>> load_catalog_page(http::Client& client, http::Request request,
                                                              CallOptions call, CatalogPageSpec<Item> spec,
                                                              BasicBatchSink<Item>& sink, CallSite const& site);

/// Delivers `items` as one page (a config's entries): what a loader calls for entries it holds.
template <class Item>
boost::asio::awaitable<Result<void>> deliver_all(std::vector<Item> items, BasicBatchSink<Item>& sink);

/// Passes on only entries whose id was not passed on before (observed entries repeat: one size per
/// VM), and none with an empty id (a VM without the field says nothing). Holds one id per distinct
/// entry, never the entries.
template <class Item>
class DistinctSink final : public BasicBatchSink<Item> {
 public:
  explicit DistinctSink(BasicBatchSink<Item>& next) : next_(next) {}
  /// Marks `id` as already passed on (a configured entry wins over an observed one).
  void seen(std::string id) { ids_.insert(std::move(id)); }
  boost::asio::awaitable<Result<void>> deliver(std::vector<Item> batch) override;

 private:
  BasicBatchSink<Item>& next_;
  std::set<std::string, std::less<>> ids_;
};

/// Loads what a listing observes (e.g. the entries seen on the account's VMs) into a sink.
template <class Item>
using ObserveLoader = std::function<boost::asio::awaitable<Result<std::size_t>>(BasicBatchSink<Item>& sink)>;

/// A catalog for a provider without a catalog route: what `observe` streams (null: nothing), then
/// `configured` (the config's `catalog` block), each id once, a configured entry winning. Observed
/// first so that a cut observed page, none of it delivered yet, is loaded again.
template <class Item>
boost::asio::awaitable<Result<PageOutcome>> configured_then_observed(std::vector<Item> configured,
                                                                     BasicBatchSink<Item>& sink,
                                                                     ObserveLoader<Item> observe);

#define POLYCLOUD_CATALOG_PAGE_EXTERN(Item)                                                                   \
  extern template boost::asio::awaitable<Result<PageOutcome>> load_catalog_page(                            \
      http::Client&, http::Request, CallOptions, CatalogPageSpec<Item>, BasicBatchSink<Item>&, CallSite const&); \
  extern template boost::asio::awaitable<Result<void>> deliver_all(std::vector<Item>, BasicBatchSink<Item>&); \
  extern template class DistinctSink<Item>;                                                                  \
  extern template boost::asio::awaitable<Result<PageOutcome>> configured_then_observed(                      \
      std::vector<Item>, BasicBatchSink<Item>&, ObserveLoader<Item>);
POLYCLOUD_CATALOG_PAGE_EXTERN(Size)
POLYCLOUD_CATALOG_PAGE_EXTERN(Image)
POLYCLOUD_CATALOG_PAGE_EXTERN(Region)
#undef POLYCLOUD_CATALOG_PAGE_EXTERN

}  // namespace polycloud::providers
