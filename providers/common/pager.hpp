#pragma once
// One pager for every pagination style (after google-cloud-cpp's PaginationRange): an adapter
// supplies a PageLoader that fetches one page and streams its items into a BatchSink; the pager
// decides which pages to load, guards against loops, applies the local filter and hands batches to
// the caller through InstancePager::next() as they are mapped, so the first instances of a huge body
// arrive before its last byte and memory stays bounded (a few batches, whatever the listing's size).
//
// Styles:
// - single:   one body holds everything (OpenScaler);
// - numbered: page numbers; the pages after the first are fetched concurrently (bounded, in-order
//             delivery): up to the total when the first page tells it, else speculatively until the
//             first short page, dropping what was fetched past it (Katapult's large_set);
// - marker:   each page names the next marker while there is more (ByCloud).
//
// Loop guards end a listing with a protocol error: a marker seen before, a page that starts with the
// item an earlier page started with (A, B, A as well as A, A; nothing of the repeat is delivered), more
// pages than page_cap.
//
// A page whose body was cut after its 2xx headers (a `transport` error that keeps the answer's status,
// as stream_page returns it) is loaded again, at most 3 times, while none of its items has reached the
// caller; after that a re-fetch would repeat them, so the cut ends the listing.

#include "providers/common/call_site.hpp"

#include <polycloud/provider.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::providers {

/// Which page to load.
struct PageCursor {
  std::size_t number = 1;  ///< numbered: 1-based page number
  std::string marker;      ///< marker: empty for the first page
};

/// What a page said about the listing.
struct PageOutcome {
  std::size_t items = 0;                    ///< items on this page
  std::optional<std::size_t> total_pages;   ///< numbered: when the API tells it
  std::optional<std::string> next_marker;   ///< marker: where to continue, when there is more
  bool more = false;                        ///< marker: the API says there is more
};

/// Receives a page's items as they are mapped. deliver() may wait (the caller has not taken the
/// previous batch yet): that wait is what bounds memory. Items are Instances (BatchSink) or catalog
/// entries (Size, Image, Region), which page the same way.
template <class Item>
class BasicBatchSink {
 public:
  virtual ~BasicBatchSink() = default;
  /// An error means the listing is over (the caller dropped the pager): stop loading.
  virtual boost::asio::awaitable<Result<void>> deliver(std::vector<Item> batch) = 0;
  /// A batch the caller gave back (InstancePager::recycle) for the stream to map the next items into,
  /// or an empty one. A sink that passes batches on passes this call on too.
  virtual std::vector<Item> spare() { return {}; }
};
using BatchSink = BasicBatchSink<Instance>;

template <class Item>
using BasicPageLoader =
    std::function<boost::asio::awaitable<Result<PageOutcome>>(PageCursor cursor, BasicBatchSink<Item>& sink)>;
using PageLoader = BasicPageLoader<Instance>;

enum class Paging { single, numbered, marker };

struct PagerOptions {
  Paging paging = Paging::single;
  CallSite site;                    ///< for loop-guard errors
  InstanceFilter filter;            ///< applied to every VM before delivery (catalog listings: unused)
  std::size_t per_page = 0;         ///< numbered without a total: a page with fewer items is the last
  /// numbered: pages in flight. A page that finishes while an earlier one still loads waits for its
  /// turn and the next page starts at once; at most 2 × concurrency pages are held. Without a total,
  /// at most concurrency - 1 pages past the end are requested (and never delivered).
  std::size_t concurrency = 4;
  std::size_t page_cap = 100'000;   ///< more pages than this is a loop
  std::size_t batch_capacity = 2;   ///< batches buffered ahead of the caller
};

/// A lazy pager. Nothing is fetched before the first next(). Dropping it stops the listing at its next
/// batch (a request in flight ends within its deadline): that work runs on, detached, after the pager
/// is gone, so the loader's captures (the adapter) must outlive it — see keep_while_listing.
std::unique_ptr<InstancePager> make_pager(boost::asio::any_io_executor executor, PagerOptions options,
                                          PageLoader loader);

/// Gives a pager made by make_pager a share in `owner` (the adapter its loader calls), released only
/// when the last of the listing's work has ended. Call it before the first next(). Any other pager
/// (one that fails at once) starts no work and is left alone.
void keep_while_listing(InstancePager& pager, std::shared_ptr<void const> owner);

/// make_pager for a catalog listing: the same paging, loop guards, cut-page reloads and bounded
/// batches, handing out Sizes, Images or Regions.
template <class Item>
std::unique_ptr<CatalogPager<Item>> make_catalog_pager(boost::asio::any_io_executor executor, PagerOptions options,
                                                       BasicPageLoader<Item> loader);
extern template std::unique_ptr<CatalogPager<Size>> make_catalog_pager(boost::asio::any_io_executor, PagerOptions,
                                                                       BasicPageLoader<Size>);
extern template std::unique_ptr<CatalogPager<Image>> make_catalog_pager(boost::asio::any_io_executor, PagerOptions,
                                                                        BasicPageLoader<Image>);
extern template std::unique_ptr<CatalogPager<Region>> make_catalog_pager(boost::asio::any_io_executor, PagerOptions,
                                                                         BasicPageLoader<Region>);

/// keep_while_listing for a catalog pager.
template <class Item>
void keep_while_listing(CatalogPager<Item>& pager, std::shared_ptr<void const> owner);
extern template void keep_while_listing(CatalogPager<Size>&, std::shared_ptr<void const>);
extern template void keep_while_listing(CatalogPager<Image>&, std::shared_ptr<void const>);
extern template void keep_while_listing(CatalogPager<Region>&, std::shared_ptr<void const>);

}  // namespace polycloud::providers
