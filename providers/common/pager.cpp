// The pager runs the listing in a producer coroutine that hands filtered batches to the caller through
// a bounded channel: the producer waits while the caller has not taken them, which is what bounds
// memory, and the caller's next() resumes as soon as a batch is mapped.
#include "providers/common/pager.hpp"

#include "providers/common/spare_batches.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <type_traits>

namespace polycloud::providers {

namespace asio = boost::asio;
using asio::awaitable;

namespace {

template <class Item>
using Batch = Result<std::optional<std::vector<Item>>>;
/// One message: a batch, the end (an empty optional) or the error that ended the listing.
template <class Item>
using BatchChannel =
    asio::experimental::concurrent_channel<void(boost::system::error_code, std::optional<Batch<Item>>)>;

template <class Item>
struct Listing {
  Listing(asio::any_io_executor executor, PagerOptions o, BasicPageLoader<Item> l)
      : options(std::move(o)), loader(std::move(l)), channel(executor, options.batch_capacity) {}
  /// What the loader calls into (keep_while_listing): first, so it is released last.
  std::shared_ptr<void const> owner;
  PagerOptions options;
  BasicPageLoader<Item> loader;
  BatchChannel<Item> channel;
  SpareBatches<Item> spares;
};

/// Filters each batch and sends it to the caller; fails once the caller is gone.
template <class Item>
class ChannelSink final : public BasicBatchSink<Item> {
 public:
  explicit ChannelSink(Listing<Item>& listing) : listing_(listing) {}
  awaitable<Result<void>> deliver(std::vector<Item> batch) override {
    if constexpr (std::is_same_v<Item, Instance>) {
      if (!listing_.options.filter.empty()) {
        std::erase_if(batch, [&](Instance const& instance) { return !listing_.options.filter.matches(instance); });
      }
    }
    if (batch.size() <= max_batch_size) co_return co_await send(std::move(batch));
    // One 64 KiB chunk, or a page fetched ahead and held whole, can hold more than a batch: the caller is
    // promised at most max_batch_size per next(), so the rest follows in further batches.
    for (std::size_t begin = 0; begin < batch.size(); begin += max_batch_size) {
      auto const end = std::min(batch.size(), begin + max_batch_size);
      std::vector<Item> part(std::make_move_iterator(batch.begin() + static_cast<std::ptrdiff_t>(begin)),
                                 std::make_move_iterator(batch.begin() + static_cast<std::ptrdiff_t>(end)));
      if (auto sent = co_await send(std::move(part)); !sent) co_return sent;
    }
    co_return Result<void>{};
  }
  std::vector<Item> spare() override { return listing_.spares.take(); }

 private:
  awaitable<Result<void>> send(std::vector<Item> batch) {
    if (batch.empty()) co_return Result<void>{};
    boost::system::error_code ec;
    co_await listing_.channel.async_send(boost::system::error_code(),
                                         std::optional<Batch<Item>>(Batch<Item>(std::move(batch))),
                                         asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return make_error(ErrorKind::cancelled, "the listing was abandoned", listing_.options.site.provider,
                                 listing_.options.site.operation);
    co_return Result<void>{};
  }

  Listing<Item>& listing_;
};

/// Holds a page fetched ahead of its turn until the pages before it are delivered.
template <class Item>
class BufferSink final : public BasicBatchSink<Item> {
 public:
  explicit BufferSink(SpareBatches<Item>& spares) : spares_(spares) {}
  awaitable<Result<void>> deliver(std::vector<Item> batch) override {
    if (instances.empty()) {
      instances = std::move(batch);  // a page's usual single batch: no Instance is moved
    } else {
      instances.reserve(instances.size() + batch.size());
      for (auto& instance : batch) instances.push_back(std::move(instance));
    }
    co_return Result<void>{};
  }
  std::vector<Item> spare() override { return spares_.take(); }
  std::vector<Item> instances;

 private:
  SpareBatches<Item>& spares_;
};

// Named cursors, never braced temporaries inside a co_await: g++ 12.2 miscompiles those.
PageCursor page_number(std::size_t number) {
  PageCursor cursor;
  cursor.number = number;
  return cursor;
}

Error loop_error(PagerOptions const& options, std::string what) { return protocol_error(options.site, std::move(what)); }

/// A cut page is loaded at most this often (as the transport's default policy: 3 attempts).
constexpr std::size_t max_page_loads = 3;

/// The first item of every page passed on so far, with the page it started: a page starting with one
/// of them is the server going round in a loop (A, B, A, B… as much as A, A…). One string per page.
using FirstIds = std::map<std::string, std::size_t, std::less<>>;

/// Passes a page's items on, unless the page starts with the item an earlier page started with: then
/// the server is repeating itself, and nothing of the repeat reaches the caller. It sees a page's items
/// before the filter, and a concurrently fetched page only at its turn, whole, so "earlier" means
/// earlier in delivery order, whatever order the pages were answered in.
template <class Item>
class RepeatGuard final : public BasicBatchSink<Item> {
 public:
  RepeatGuard(BasicBatchSink<Item>& next, PagerOptions const& options, FirstIds& first_ids, std::size_t number)
      : next_(next), options_(options), first_ids_(first_ids), number_(number) {}

  awaitable<Result<void>> deliver(std::vector<Item> batch) override {
    if (first_ && !batch.empty()) {
      first_ = false;
      auto const [earlier, fresh] = first_ids_.try_emplace(batch.front().id, number_);
      if (!fresh) {
        co_return loop_error(options_, "page " + std::to_string(number_) + " repeats page " +
                                           std::to_string(earlier->second) + " (both start with \"" +
                                           batch.front().id + "\"): the listing would never end");
      }
    }
    co_return co_await next_.deliver(std::move(batch));
  }
  std::vector<Item> spare() override { return next_.spare(); }

 private:
  BasicBatchSink<Item>& next_;
  PagerOptions const& options_;
  FirstIds& first_ids_;
  std::size_t number_;
  bool first_ = true;
};

/// A page whose body was cut after its 2xx headers (a reset or a truncation mid-body): the transport
/// does not retry a streamed answer, and keeps its status in the error to say it was one.
bool is_cut_page(Error const& error) {
  return error.kind == ErrorKind::transport && error.http_status >= 200 && error.http_status < 300;
}

/// Counts the items a page passed on towards the caller.
template <class Item>
class CountingSink final : public BasicBatchSink<Item> {
 public:
  explicit CountingSink(BasicBatchSink<Item>& next) : next_(next) {}
  awaitable<Result<void>> deliver(std::vector<Item> batch) override {
    passed_on_ += batch.size();
    co_return co_await next_.deliver(std::move(batch));
  }
  std::vector<Item> spare() override { return next_.spare(); }
  std::size_t passed_on() const noexcept { return passed_on_; }

 private:
  BasicBatchSink<Item>& next_;
  std::size_t passed_on_ = 0;
};

/// Loads one page. A page is an idempotent read, so one whose body was cut is fetched again (at most
/// max_page_loads in all) while none of its items has gone on: after that a re-fetch would hand the
/// caller those items twice (and skipping them by count is unsafe, since the page may have changed in
/// between), so the cut is the listing's `transport` error, saying how many items were delivered.
/// `rewind` given: the sink is private to this page (fetched ahead), and is emptied before a re-fetch.
template <class Item>
awaitable<Result<PageOutcome>> load_page(BasicPageLoader<Item> const& loader, PageCursor const& cursor,
                                         BasicBatchSink<Item>& sink, std::function<void()> const* rewind = nullptr) {
  int attempts = 0;
  for (std::size_t load = 1;; ++load) {
    CountingSink<Item> counting(sink);
    auto page = co_await loader(cursor, counting);
    if (page || !is_cut_page(page.error())) co_return page;
    auto error = page.error();
    attempts += error.attempts;
    error.attempts = attempts;
    if (!rewind && counting.passed_on() > 0) {
      error.message += "; " + std::to_string(counting.passed_on()) +
                       " items of this page were already delivered, so it was not fetched again (that would repeat them)";
      co_return error;
    }
    if (load == max_page_loads) {
      error.message += "; the page was cut " + std::to_string(load) + " times";
      co_return error;
    }
    if (rewind) (*rewind)();
  }
}

/// Numbered without a total: a page with fewer items than a page holds is the last.
bool is_last(PagerOptions const& options, PageOutcome const& page) {
  return page.items == 0 || (options.per_page > 0 && page.items < options.per_page);
}

/// A page fetched concurrently: its outcome arrives on a one-slot channel.
template <class Item>
struct AheadPage {
  using Done = asio::experimental::concurrent_channel<void(boost::system::error_code, std::optional<Result<PageOutcome>>)>;
  AheadPage(asio::any_io_executor executor, SpareBatches<Item>& spares) : sink(spares), done(executor, 1) {}
  BufferSink<Item> sink;
  Done done;
  /// Set before `finished`: the page failed, or was short (fewer items than a page holds). Without a
  /// total the listing ends at or before it, so no page after it is started.
  std::atomic<bool> may_be_last{false};
  std::atomic<bool> finished{false};  ///< set before `done` is sent
};

/// One message per page fetched ahead that finished loading, so the producer starts the next page at
/// once instead of when the window's front page has been delivered.
using PageFinished = asio::experimental::concurrent_channel<void(boost::system::error_code)>;

template <class Item>
class Producer {
 public:
  explicit Producer(std::shared_ptr<Listing<Item>> listing) : listing_(std::move(listing)), sink_(*listing_) {}

  awaitable<void> run() {
    auto outcome = co_await produce();
    std::optional<Batch<Item>> last;
    if (outcome) {
      last.emplace(Batch<Item>(std::optional<std::vector<Item>>{}));
    } else {
      last.emplace(Batch<Item>(outcome.error()));
    }
    boost::system::error_code ignored;
    co_await listing_->channel.async_send(boost::system::error_code(), std::move(last), asio::redirect_error(asio::use_awaitable, ignored));
  }

 private:
  PagerOptions const& options() const { return listing_->options; }

  awaitable<Result<void>> produce() {
    switch (options().paging) {
      case Paging::single: {
        PageCursor const whole;
        auto page = co_await load_page(listing_->loader, whole, sink_);
        if (!page) co_return page.error();
        co_return Result<void>{};
      }
      case Paging::numbered: co_return co_await numbered();
      case Paging::marker: co_return co_await by_marker();
    }
    co_return Result<void>{};
  }

  awaitable<Result<void>> numbered() {
    RepeatGuard<Item> first_guard(sink_, options(), first_ids_, 1);
    auto const first_page = page_number(1);
    auto first = co_await load_page(listing_->loader, first_page, first_guard);
    if (!first) co_return first.error();
    if (first->total_pages) {
      if (*first->total_pages > options().page_cap) co_return cap_error();
      co_return co_await numbered_concurrently(first->total_pages);
    }
    // No total (e.g. Katapult's large_set): pages are fetched ahead speculatively until a short one.
    if (is_last(*first)) co_return Result<void>{};
    co_return co_await numbered_concurrently(std::nullopt);
  }

  bool is_last(PageOutcome const& page) const { return providers::is_last(options(), page); }

  Error cap_error() const {
    return loop_error(options(), "more than " + std::to_string(options().page_cap) +
                                     " pages: stopped (the provider keeps announcing more)");
  }

  /// Pages 2, 3… in order, `concurrency` in flight. With a `total`, up to it. Without one, speculatively:
  /// the first short page is the last, so a page fetched ahead that comes back short (or failed) caps
  /// which pages are started, and what was fetched past the end is dropped unseen. Every page past the
  /// end was started while the last page was still loading, so at most concurrency - 1 of them are sent.
  awaitable<Result<void>> numbered_concurrently(std::optional<std::size_t> total) {
    auto executor = co_await asio::this_coro::executor;
    auto const in_flight = std::max<std::size_t>(1, options().concurrency);
    // Pages that finished before the front one stay in the window until their turn; up to as many
    // again as are in flight, so one slow page does not leave the other slots idle (pages answered
    // together were otherwise parsed together, then all waited out the latency together) and memory
    // stays bounded: at most 2 × concurrency pages of items.
    auto const window_cap = 2 * in_flight;
    auto const finished = std::make_shared<PageFinished>(executor, window_cap);
    std::deque<std::shared_ptr<AheadPage<Item>>> window;
    std::size_t next_to_start = 2;
    std::size_t loading = 0;  // started and not yet counted off by their PageFinished message
    // The last page that may be started: the total, the page cap, or the first page fetched ahead that
    // may be the end (without a total).
    auto last_to_start = [&] {
      auto last = std::min(total.value_or(options().page_cap), options().page_cap);
      if (total) return last;
      for (std::size_t i = 0; i < window.size(); ++i) {
        if (window[i]->finished.load() && window[i]->may_be_last.load()) return std::min(last, next_to_start - window.size() + i);
      }
      return last;
    };
    for (std::size_t number = 2; !total || number <= *total; ++number) {
      if (number > options().page_cap) co_return cap_error();
      while (true) {
        while (next_to_start <= last_to_start() && loading < in_flight && window.size() < window_cap) {
          window.push_back(start_page(executor, next_to_start++, finished));
          ++loading;
        }
        // An empty window still has pages counted in `loading` (their messages are unread, as a finished
        // front page breaks out here without reading its own): reading one frees a slot to refill.
        if (!window.empty() && window.front()->finished.load()) break;
        auto [ec] = co_await finished->async_receive(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return abandoned();
        --loading;
      }
      auto page = window.front();
      window.pop_front();
      auto [ec, outcome] = co_await page->done.async_receive(asio::as_tuple(asio::use_awaitable));
      if (ec || !outcome) co_return abandoned();
      if (!*outcome) co_return outcome->error();
      RepeatGuard<Item> guard(sink_, options(), first_ids_, number);
      if (auto delivered = co_await guard.deliver(std::move(page->sink.instances)); !delivered) {
        co_return delivered.error();
      }
      if (!total && is_last(**outcome)) break;  // the end: the pages fetched past it are dropped
    }
    co_return Result<void>{};
  }

  Error abandoned() const {
    return make_error(ErrorKind::cancelled, "the listing was abandoned", options().site.provider,
                      options().site.operation);
  }

  std::shared_ptr<AheadPage<Item>> start_page(asio::any_io_executor executor, std::size_t number,
                                              std::shared_ptr<PageFinished> finished) {
    auto page = std::make_shared<AheadPage<Item>>(executor, listing_->spares);
    auto listing = listing_;
    asio::co_spawn(
        executor,
        [listing, page, number, finished = std::move(finished)]() -> awaitable<void> {
          auto const cursor = page_number(number);
          std::function<void()> const rewind = [&page] { page->sink.instances.clear(); };
          auto outcome = co_await load_page(listing->loader, cursor, page->sink, &rewind);
          page->may_be_last.store(!outcome || providers::is_last(listing->options, *outcome));
          page->finished.store(true);
          boost::system::error_code ignored;
          co_await page->done.async_send(boost::system::error_code(), std::optional<Result<PageOutcome>>(std::move(outcome)),
                                         asio::redirect_error(asio::use_awaitable, ignored));
          // Never blocks: at most `loading` (≤ the channel's size) messages are unread at any time.
          co_await finished->async_send(boost::system::error_code(), asio::redirect_error(asio::use_awaitable, ignored));
        },
        asio::detached);
    return page;
  }

  awaitable<Result<void>> by_marker() {
    std::set<std::string> seen;
    PageCursor cursor;
    for (std::size_t number = 1;; ++number) {
      if (number > options().page_cap) co_return cap_error();
      RepeatGuard<Item> guard(sink_, options(), first_ids_, number);  // fresh markers over the same pages
      auto page = co_await load_page(listing_->loader, cursor, guard);
      if (!page) co_return page.error();
      if (!page->more) co_return Result<void>{};
      if (!page->next_marker || page->next_marker->empty()) {
        co_return loop_error(options(), "page " + std::to_string(number) + " says there is more but gives no marker");
      }
      if (!seen.insert(*page->next_marker).second) {
        co_return loop_error(options(), "marker \"" + *page->next_marker + "\" came back a second time (page " +
                                            std::to_string(number) + "): the listing would never end");
      }
      cursor.marker = *page->next_marker;
    }
  }

  std::shared_ptr<Listing<Item>> listing_;
  ChannelSink<Item> sink_;
  FirstIds first_ids_;
};

/// The pager interface an Item's listing hands out. An InstancePager's recycle() hands batches back to the
/// listing's spares (a catalog pager has no recycle).
template <class Item>
class PagerOf : public CatalogPager<Item> {
 protected:
  virtual SpareBatches<Item>& spares() noexcept = 0;
};
template <>
class PagerOf<Instance> : public InstancePager {
 public:
  void recycle(std::vector<Instance> spent) final { spares().put(std::move(spent)); }

 protected:
  virtual SpareBatches<Instance>& spares() noexcept = 0;
};

template <class Item>
class StreamingPager final : public PagerOf<Item> {
 public:
  StreamingPager(asio::any_io_executor executor, PagerOptions options, BasicPageLoader<Item> loader)
      : executor_(std::move(executor)),
        listing_(std::make_shared<Listing<Item>>(executor_, std::move(options), std::move(loader))) {}

  ~StreamingPager() override {
    // The caller is gone: the producer's next delivery fails and it stops loading. (Not a cancellation
    // slot on co_spawn: Asio 1.81 runs that emission after the slot's owner may be gone.)
    listing_->channel.cancel();
    listing_->channel.close();
  }

  void keep(std::shared_ptr<void const> owner) { listing_->owner = std::move(owner); }

  awaitable<Result<std::optional<std::vector<Item>>>> next() override {
    if (finished_) co_return *finished_;
    if (!started_) {
      started_ = true;
      auto listing = listing_;
      asio::co_spawn(
          executor_,
          [listing]() -> awaitable<void> {
            Producer<Item> producer(listing);
            co_await producer.run();
          },
          asio::detached);
    }
    auto [ec, message] = co_await listing_->channel.async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec || !message) {
      finished_ = Batch<Item>(make_error(ErrorKind::cancelled, "the listing was stopped", listing_->options.site.provider,
                                   listing_->options.site.operation));
      co_return *finished_;
    }
    auto batch = std::move(*message);
    if (!batch || !*batch) finished_ = batch;  // the end or an error: every later call says the same
    co_return batch;
  }

 private:
  SpareBatches<Item>& spares() noexcept override { return listing_->spares; }

  asio::any_io_executor executor_;
  std::shared_ptr<Listing<Item>> listing_;
  bool started_ = false;
  std::optional<Batch<Item>> finished_;
};

}  // namespace

std::unique_ptr<InstancePager> make_pager(asio::any_io_executor executor, PagerOptions options, PageLoader loader) {
  return std::make_unique<StreamingPager<Instance>>(std::move(executor), std::move(options), std::move(loader));
}

void keep_while_listing(InstancePager& pager, std::shared_ptr<void const> owner) {
  if (auto* streaming = dynamic_cast<StreamingPager<Instance>*>(&pager)) streaming->keep(std::move(owner));
}

template <class Item>
std::unique_ptr<CatalogPager<Item>> make_catalog_pager(asio::any_io_executor executor, PagerOptions options,
                                                       BasicPageLoader<Item> loader) {
  return std::make_unique<StreamingPager<Item>>(std::move(executor), std::move(options), std::move(loader));
}

template <class Item>
void keep_while_listing(CatalogPager<Item>& pager, std::shared_ptr<void const> owner) {
  if (auto* streaming = dynamic_cast<StreamingPager<Item>*>(&pager)) streaming->keep(std::move(owner));
}

template std::unique_ptr<CatalogPager<Size>> make_catalog_pager(asio::any_io_executor, PagerOptions,
                                                                BasicPageLoader<Size>);
template std::unique_ptr<CatalogPager<Image>> make_catalog_pager(asio::any_io_executor, PagerOptions,
                                                                 BasicPageLoader<Image>);
template std::unique_ptr<CatalogPager<Region>> make_catalog_pager(asio::any_io_executor, PagerOptions,
                                                                  BasicPageLoader<Region>);
template void keep_while_listing(CatalogPager<Size>&, std::shared_ptr<void const>);
template void keep_while_listing(CatalogPager<Image>&, std::shared_ptr<void const>);
template void keep_while_listing(CatalogPager<Region>&, std::shared_ptr<void const>);

}  // namespace polycloud::providers
