#include "providers/common/catalog_page.hpp"

namespace polycloud::providers {

using boost::asio::awaitable;

std::string catalog_operation(CatalogPart part) {
  switch (part) {
    case CatalogPart::sizes: return "catalog sizes";
    case CatalogPart::images: return "catalog images";
    case CatalogPart::regions: return "catalog regions";
  }
  return "catalog";
}

template <class Item>
awaitable<Result<PageOutcome>> load_catalog_page(http::Client& client, http::Request request, CallOptions call,
                                                 CatalogPageSpec<Item> spec, BasicBatchSink<Item>& sink,
                                                 CallSite const& site) {
  StreamOptions options;
  EnvelopeSink envelope;
  if (spec.numbered != nullptr) {
    options.envelope_keys = spec.numbered->keys();  // the rest of the envelope is skipped unread
    envelope = spec.numbered->sink();
  }
  BasicListStream<Item> stream(spec.layout, *spec.mapping, site, options, std::move(envelope));
  auto items = co_await stream_page(client, std::move(request), call, stream, sink, site, std::move(spec.map_error));
  if (!items) co_return items.error();
  PageOutcome outcome;
  outcome.items = *items;
  if (spec.numbered != nullptr) outcome.total_pages = spec.numbered->total_pages();
  co_return outcome;
}

template <class Item>
awaitable<Result<void>> deliver_all(std::vector<Item> items, BasicBatchSink<Item>& sink) {
  if (items.empty()) co_return Result<void>{};
  co_return co_await sink.deliver(std::move(items));
}

template <class Item>
awaitable<Result<void>> DistinctSink<Item>::deliver(std::vector<Item> batch) {
  std::erase_if(batch, [this](Item const& item) { return item.id.empty() || !ids_.insert(item.id).second; });
  if (batch.empty()) co_return Result<void>{};
  co_return co_await next_.deliver(std::move(batch));
}

template <class Item>
awaitable<Result<PageOutcome>> configured_then_observed(std::vector<Item> configured, BasicBatchSink<Item>& sink,
                                                        ObserveLoader<Item> observe) {
  // The observed entries stream first: a page cut before any of it went on is then loaded again
  // (pager.hpp), which configured entries delivered ahead of it would forbid (the fault matrix's cut
  // rows found that). The configured ids are known first, so a configured entry still wins.
  DistinctSink<Item> distinct(sink);
  PageOutcome outcome;
  outcome.items = configured.size();
  for (auto const& item : configured) distinct.seen(item.id);
  if (observe) {
    auto observed = co_await observe(distinct);
    if (!observed) co_return observed.error();
    outcome.items += *observed;
  }
  if (auto sent = co_await deliver_all(std::move(configured), sink); !sent) co_return sent.error();
  co_return outcome;
}

#define POLYCLOUD_CATALOG_PAGE(Item)                                                                     \
  template awaitable<Result<PageOutcome>> load_catalog_page(http::Client&, http::Request, CallOptions,   \
                                                            CatalogPageSpec<Item>, BasicBatchSink<Item>&, \
                                                            CallSite const&);                             \
  template awaitable<Result<void>> deliver_all(std::vector<Item>, BasicBatchSink<Item>&);                 \
  template class DistinctSink<Item>;                                                                        \
  template awaitable<Result<PageOutcome>> configured_then_observed(std::vector<Item>, BasicBatchSink<Item>&,      \
                                                                   ObserveLoader<Item>);
POLYCLOUD_CATALOG_PAGE(Size)
POLYCLOUD_CATALOG_PAGE(Image)
POLYCLOUD_CATALOG_PAGE(Region)
#undef POLYCLOUD_CATALOG_PAGE

}  // namespace polycloud::providers
