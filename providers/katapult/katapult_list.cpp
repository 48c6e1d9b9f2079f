// Listing: page/per_page through the toolkit's numbered pager (concurrent up to the total the first
// page tells, or fetched ahead speculatively until a short page when large_set hides it), each page
// streamed through the VM mapping; in the detailed form each VM is then fetched, bounded, for its state
// (inside the page's load, so pages fetched ahead fetch their VMs in the same window).
#include "providers/katapult/katapult_provider.hpp"

#include "core/failed_pager.hpp"
#include "providers/common/idempotency.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/page_stream.hpp"
#include "providers/common/requests.hpp"
#include "providers/katapult/errors.hpp"
#include "providers/katapult/pagination.hpp"
#include "providers/katapult/tag_filter.hpp"
#include "providers/katapult/vm_mapping.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <map>

namespace polycloud::katapult {

namespace asio = boost::asio;
using asio::awaitable;
using providers::BatchSink;
using providers::CallSite;
using providers::PageCursor;
using providers::PageOutcome;

/// Between a page's stream and the pager: for a detailed listing, replaces each list item by the VM
/// fetched on its own, `concurrency` at a time.
class DetailSink final : public BatchSink {
 public:
  DetailSink(BatchSink& next, KatapultProvider* detail_from, std::size_t concurrency, CallOptions call, CallSite site,
             bool raw)
      : next_(next), provider_(detail_from), concurrency_(concurrency), call_(call), site_(std::move(site)), raw_(raw) {}

  awaitable<Result<void>> deliver(std::vector<Instance> batch) override {
    if (provider_ != nullptr && !batch.empty()) {
      if (auto filled = co_await fill(batch); !filled) co_return filled.error();
    }
    co_return co_await next_.deliver(std::move(batch));
  }
  std::vector<Instance> spare() override { return next_.spare(); }

 private:
  awaitable<Result<void>> fill(std::vector<Instance>& batch) {
    auto executor = co_await asio::this_coro::executor;
    std::size_t next = 0;
    std::optional<Error> failure;
    std::vector<bool> gone(batch.size(), false);
    auto worker = [&]() -> awaitable<void> {
      while (!failure && next < batch.size()) {
        auto const i = next++;
        auto full = co_await provider_->fetch(batch[i].id, call_, site_, raw_);
        if (full) {
          batch[i] = std::move(*full);
        } else if (full.error().kind == ErrorKind::not_found) {
          gone[i] = true;  // deleted (or trashed) between the list and its detail: no longer listed
        } else if (!failure) {
          failure = full.error();
        }
      }
    };
    using Task = decltype(asio::co_spawn(executor, worker(), asio::deferred));
    std::vector<Task> workers;
    for (std::size_t k = 0; k < std::min(concurrency_, batch.size()); ++k) {
      workers.push_back(asio::co_spawn(executor, worker(), asio::deferred));
    }
    auto [order, exceptions] = co_await asio::experimental::make_parallel_group(std::move(workers))
                                   .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
    (void)order;
    for (auto const& exception : exceptions) {
      if (exception) std::rethrow_exception(exception);
    }
    if (failure) co_return std::move(*failure);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (gone[i]) continue;
      if (kept != i) batch[kept] = std::move(batch[i]);  // never self-move: it empties the instance
      ++kept;
    }
    batch.resize(kept);
    co_return Result<void>{};
  }

  BatchSink& next_;
  KatapultProvider* provider_;
  std::size_t concurrency_;
  CallOptions call_;
  CallSite site_;
  bool raw_;
};

namespace {

/// The provider option "concurrency": pages in flight for this listing.
Result<std::optional<std::size_t>> concurrency_option(boost::json::object const& options, CallSite const& site) {
  auto const* value = options.if_contains("concurrency");
  if (value == nullptr) return std::optional<std::size_t>{};
  if (!value->is_int64() || value->get_int64() < 1 || value->get_int64() > 64) {
    return providers::invalid_argument(site, "provider option \"concurrency\": expected an integer from 1 to 64");
  }
  return std::optional<std::size_t>{static_cast<std::size_t>(value->get_int64())};
}

}  // namespace

std::unique_ptr<InstancePager> KatapultProvider::list(ListOptions options) {
  auto const where = site(Operation::list);
  if (auto keys = providers::check_option_keys(options.provider_options, {"concurrency"}, where); !keys) {
    return std::make_unique<detail::FailedPager>(keys.error());
  }
  auto concurrency = concurrency_option(options.provider_options, where);
  if (!concurrency) return std::make_unique<detail::FailedPager>(concurrency.error());
  if (options.page_size > max_per_page) {
    return std::make_unique<detail::FailedPager>(
        providers::invalid_argument(where, "page size " + std::to_string(options.page_size) + " is above 200, the API's maximum"));
  }

  providers::PagerOptions pager;
  pager.paging = providers::Paging::numbered;
  pager.site = where;
  pager.per_page = options.page_size != 0 ? options.page_size : settings_.per_page;
  pager.concurrency = concurrency->value_or(settings_.list_concurrency);
  // List items have no state, no tags and no annotations: a state or tag filter needs the detailed form,
  // where the pager checks the whole filter on each full VM. The server's annotation filter only
  // narrows what is fetched; trusting it alone listed every VM as tagged when a server ignored it.
  bool const detail = options.detail || options.filter.state.has_value() || !options.filter.tags.empty();
  pager.filter = options.filter;
  auto const per_page = pager.per_page;
  auto deadline = listing_deadline(options.call);
  auto shared = std::make_shared<ListOptions const>(std::move(options));
  return providers::make_pager(executor_, std::move(pager),
                               [this, shared, per_page, detail, deadline](PageCursor cursor, BatchSink& sink) {
                                 return load_page(*shared, per_page, detail, deadline->for_request(),
                                                  std::move(cursor), sink);
                               });
}

awaitable<Result<PageOutcome>> KatapultProvider::load_page(ListOptions const& options, std::size_t per_page,
                                                           bool detail, CallOptions call, PageCursor cursor,
                                                           BatchSink& sink) {
  auto const where = site(Operation::list);
  auto const annotations = server_annotation_filter(options.filter.tags);  // what the server can narrow on
  auto request = providers::request_for(
      http::Method::get, list_url(endpoint_, settings_.organization, cursor.number, per_page, annotations), where);

  PaginationReader pagination;
  VmMapping mapping;
  providers::StreamOptions stream_options;
  stream_options.keep_raw = options.raw;
  stream_options.envelope_keys = pagination.keys();  // what PaginationReader reads; the rest is skipped unread
  providers::ListStream stream(list_layout(), mapping, where, stream_options, pagination.sink());
  DetailSink page_sink(sink, detail ? this : nullptr, settings_.detail_concurrency, call, where, options.raw);

  // A page's error answer goes through error_for too, so a 429 on a list page teaches the limit.
  providers::ErrorResponseMapper map_error = [this, &where](http::Response const& response) {
    return error_for(response, where);
  };
  auto items = co_await providers::stream_page(*client_, std::move(request), call, stream, page_sink, where,
                                               std::move(map_error));
  if (!items) co_return items.error();
  PageOutcome outcome;
  outcome.items = *items;
  outcome.total_pages = pagination.total_pages();
  co_return outcome;
}

awaitable<Result<providers::KeyMatches>> KatapultProvider::find_by_idempotency_keys(std::vector<std::string> keys,
                                                                                   CallOptions options) {
  if (auto checked = providers::check_idempotency_keys(keys, site(Operation::list)); !checked) co_return checked.error();
  ListOptions lookup;
  lookup.call = options;
  // Annotations are on the full VM only: the detailed form fetches each listed VM, and the pager then
  // checks the filter on it (a server that ignored the filter cannot make a VM match).
  lookup.detail = true;
  // The filter's pairs must all match (katapult-api.md §7), so only a single key can narrow the listing.
  if (keys.size() == 1) lookup.filter.tags.emplace(providers::idempotency_key_name, keys.front());
  auto pager = list(std::move(lookup));
  co_return co_await providers::match_stored_keys(*pager, keys);
}

}  // namespace polycloud::katapult
