// The pager over in-memory pages: order, bounded concurrency, loop guards, the filter, errors after
// delivered batches, a pager dropped mid-listing, and cut pages fetched again (or not).
#include "providers/common/pager.hpp"
#include "providers/common/spare_batches.hpp"

#include "toolkit_test_support.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <map>

using namespace polycloud;
using namespace polycloud::providers;
namespace asio = boost::asio;
using asio::awaitable;

namespace {

CallSite const site{"kat", "katapult", "list"};

/// Pages of `per_page` ids "1", "2"…; later pages answer sooner (fewer yields), so a concurrent pager
/// sees them complete out of order and must still deliver in order.
struct FakePages {
  std::size_t total_items = 0;
  std::size_t per_page = 10;
  bool tell_total = true;
  bool repeat_first_page = false;
  std::size_t cycle = 0;  ///< > 0: page n answers as page ((n - 1) % cycle) + 1, a server going round
  std::optional<std::size_t> fail_on_page;
  std::size_t in_flight = 0;
  std::size_t max_in_flight = 0;
  std::size_t loads = 0;

  std::size_t pages() const { return (total_items + per_page - 1) / per_page; }

  PageLoader loader() {
    return [this](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
      ++loads;
      max_in_flight = std::max(max_in_flight, ++in_flight);
      for (std::size_t i = 0; i < 20 - std::min<std::size_t>(cursor.number, 20); ++i) {
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
      }
      --in_flight;
      if (fail_on_page == cursor.number) co_return make_error(ErrorKind::unavailable, "page down", "kat", "list");
      auto const page = repeat_first_page ? 1 : cycle > 0 ? (cursor.number - 1) % cycle + 1 : cursor.number;
      std::vector<Instance> items;
      for (auto i = (page - 1) * per_page + 1; i <= std::min(total_items, page * per_page); ++i) {
        Instance instance;
        instance.id = std::to_string(i);
        instance.name = i % 2 == 0 ? "even" : "odd";
        items.push_back(std::move(instance));
      }
      PageOutcome outcome;
      outcome.items = items.size();
      if (tell_total) outcome.total_pages = pages();
      if (auto delivered = co_await sink.deliver(std::move(items)); !delivered) co_return delivered.error();
      co_return outcome;
    };
  }
};

struct Drained {
  std::vector<std::string> ids;
  std::optional<Error> error;
};

/// `give_back`: each batch is handed back (InstancePager::recycle) once read, as Fleet::list does.
awaitable<Drained> drain(InstancePager& pager, bool give_back = false) {
  Drained drained;
  while (true) {
    auto page = co_await pager.next();
    if (!page) {
      drained.error = page.error();
      auto again = co_await pager.next();  // an error is repeated by every later call
      CHECK(!again);
      co_return drained;
    }
    if (!*page) co_return drained;
    for (auto const& instance : **page) drained.ids.push_back(instance.id);
    if (give_back) pager.recycle(std::move(**page));
  }
}

PagerOptions numbered(std::size_t per_page) {
  PagerOptions options;
  options.paging = Paging::numbered;
  options.site = site;
  options.per_page = per_page;
  return options;
}

std::vector<std::string> ids_up_to(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 1; i <= n; ++i) ids.push_back(std::to_string(i));
  return ids;
}

}  // namespace

TEST_CASE("pager: numbered pages with a total are fetched concurrently and delivered in order") {
  asio::io_context io;
  FakePages pages;
  pages.total_items = 95;
  auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(!drained.error);
  CHECK(drained.ids == ids_up_to(95));
  CHECK(pages.max_in_flight > 1);
  CHECK(pages.max_in_flight <= 4);
  CHECK(pages.loads == 10);
}

TEST_CASE("pager: the concurrency bound is configurable and 1 means one page at a time") {
  asio::io_context io;
  FakePages pages;
  pages.total_items = 50;
  auto options = numbered(10);
  options.concurrency = 1;
  auto pager = make_pager(io.get_executor(), options, pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(drained.ids == ids_up_to(50));
  CHECK(pages.max_in_flight == 1);
}

TEST_CASE("pager: a slow page does not idle the other slots - later pages keep loading up to twice the bound") {
  // Concurrency 2: while page 2 is slow, pages 3, 4 and 5 load one after another in the second slot
  // and wait for their turn (2 × 2 pages held); page 6 waits until page 2 has been delivered.
  asio::io_context io;
  std::size_t const per_page = 10;
  std::size_t const total_pages = 8;
  std::size_t in_flight = 0;
  std::size_t max_in_flight = 0;
  std::size_t highest_started = 0;
  std::optional<std::size_t> highest_started_while_page_2_loaded;
  PageLoader loader = [&](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
    highest_started = std::max(highest_started, cursor.number);
    max_in_flight = std::max(max_in_flight, ++in_flight);
    auto executor = co_await asio::this_coro::executor;
    // Page 2 yields until page 5 has started (a bounded number of times, so a pager that never starts
    // it still ends); the others answer after one yield.
    for (int yields = 0; yields < (cursor.number == 2 ? 1000 : 1); ++yields) {
      if (cursor.number == 2 && highest_started >= 5) break;
      co_await asio::post(executor, asio::use_awaitable);
    }
    if (cursor.number == 2) {
      for (int yields = 0; yields < 50; ++yields) co_await asio::post(executor, asio::use_awaitable);
      highest_started_while_page_2_loaded = highest_started;
    }
    --in_flight;
    std::vector<Instance> items;
    for (auto i = (cursor.number - 1) * per_page + 1; i <= cursor.number * per_page; ++i) {
      Instance instance;
      instance.id = std::to_string(i);
      items.push_back(std::move(instance));
    }
    PageOutcome outcome;
    outcome.items = items.size();
    outcome.total_pages = total_pages;
    if (auto delivered = co_await sink.deliver(std::move(items)); !delivered) co_return delivered.error();
    co_return outcome;
  };
  auto options = numbered(per_page);
  options.concurrency = 2;
  auto pager = make_pager(io.get_executor(), options, loader);
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(!drained.error);
  CHECK(drained.ids == ids_up_to(per_page * total_pages));
  CHECK(max_in_flight == 2);
  REQUIRE(highest_started_while_page_2_loaded);
  CHECK(*highest_started_while_page_2_loaded == 5);
}

TEST_CASE("pager: numbered pages without a total are fetched ahead until a short page - nothing past it") {
  // Exact multiples end with an empty page; pages past the end answer sooner here, and are dropped.
  for (std::size_t items : {35, 40, 0, 1, 10, 200}) {
    CAPTURE(items);
    asio::io_context io;
    FakePages pages;
    pages.total_items = items;
    pages.tell_total = false;
    auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    CHECK(!drained.error);
    CHECK(drained.ids == ids_up_to(items));
    auto const needed = items / 10 + 1;
    CHECK(pages.loads >= needed);
    CHECK(pages.loads <= needed + 4 - 1);  // at most concurrency - 1 pages past the end
    if (items >= 40) CHECK(pages.max_in_flight > 1);
    CHECK(pages.max_in_flight <= 4);
  }
}

TEST_CASE("pager: without a total a failed page mid-window ends the listing - a failure past the end does not") {
  SUBCASE("mid-window") {
    asio::io_context io;
    FakePages pages;
    pages.total_items = 200;
    pages.tell_total = false;
    pages.fail_on_page = 4;
    auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::unavailable);
    CHECK(drained.ids == ids_up_to(30));  // pages 1-3, nothing of the pages fetched after page 4
    CHECK(pages.loads <= 4 + 2 * 4);
  }
  SUBCASE("past the end") {
    asio::io_context io;
    FakePages pages;
    pages.total_items = 35;
    pages.tell_total = false;
    pages.fail_on_page = 5;  // page 4 is the short last one
    auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    CHECK(!drained.error);
    CHECK(drained.ids == ids_up_to(35));
  }
}

TEST_CASE("pager: a page that repeats ends the listing with a protocol error") {
  for (bool tell_total : {true, false}) {
    CAPTURE(tell_total);
    asio::io_context io;
    FakePages pages;
    pages.total_items = 1000;
    pages.tell_total = tell_total;
    pages.repeat_first_page = true;
    auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    CHECK(drained.error->message.find("repeats") != std::string::npos);
    CHECK(drained.ids == ids_up_to(10));  // page 1 was real and stays delivered
  }
}

TEST_CASE("pager: numbered pages going round in a cycle end with a protocol error and no item twice") {
  // Pages 1 2 3 1 2 3…: page 4 starts as page 1 did, though page 3 did not.
  for (bool tell_total : {true, false}) {
    CAPTURE(tell_total);
    asio::io_context io;
    FakePages pages;
    pages.total_items = 1000;
    pages.tell_total = tell_total;
    pages.cycle = 3;
    auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    CHECK(drained.error->message.find("page 4 repeats page 1") != std::string::npos);
    CHECK(drained.ids == ids_up_to(30));  // pages 1-3 once, nothing of page 4
    CHECK(pages.loads <= 4 + 2 * 4);       // page 4, and at most the window fetched ahead of it
  }
}

TEST_CASE("pager: numbered pages past the page cap end with a protocol error") {
  SUBCASE("a total above the cap fails after the first page") {
    asio::io_context io;
    FakePages pages;
    pages.total_items = 1000;  // 100 pages
    auto options = numbered(10);
    options.page_cap = 40;
    auto pager = make_pager(io.get_executor(), options, pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    CHECK(drained.error->message.find("more than 40 pages") != std::string::npos);
    CHECK(drained.ids == ids_up_to(10));
    CHECK(pages.loads == 1);
  }
  SUBCASE("without a total the pages stop at the cap") {
    asio::io_context io;
    FakePages pages;
    pages.total_items = 1000;
    pages.tell_total = false;
    auto options = numbered(10);
    options.page_cap = 7;
    auto pager = make_pager(io.get_executor(), options, pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    CHECK(drained.error->message.find("more than 7 pages") != std::string::npos);
    CHECK(drained.ids == ids_up_to(70));
    CHECK(pages.loads == 7);
  }
  SUBCASE("a total equal to the cap is listed") {
    asio::io_context io;
    FakePages pages;
    pages.total_items = 100;
    auto options = numbered(10);
    options.page_cap = 10;
    auto pager = make_pager(io.get_executor(), options, pages.loader());
    auto drained = test::run(io, [&] { return drain(*pager); });
    CHECK(!drained.error);
    CHECK(drained.ids == ids_up_to(100));
  }
}

TEST_CASE("pager: an error after delivered pages keeps them and ends the listing") {
  asio::io_context io;
  FakePages pages;
  pages.total_items = 60;
  pages.fail_on_page = 4;
  auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.error);
  CHECK(drained.error->kind == ErrorKind::unavailable);
  CHECK(drained.ids == ids_up_to(30));
}

TEST_CASE("pager: the local filter applies to every page") {
  asio::io_context io;
  FakePages pages;
  pages.total_items = 20;
  auto options = numbered(10);
  options.filter.name_glob = "even";
  auto pager = make_pager(io.get_executor(), options, pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.ids.size() == 10);
  CHECK(drained.ids.front() == "2");
  CHECK(drained.ids.back() == "20");
}

TEST_CASE("pager: a marker that comes back and a page cap end with a protocol error") {
  for (bool repeat : {true, false}) {
    CAPTURE(repeat);
    asio::io_context io;
    std::size_t loads = 0;
    PagerOptions options;
    options.paging = Paging::marker;
    options.site = site;
    options.page_cap = 50;
    auto loader = [&](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
      ++loads;
      std::vector<Instance> batch(1);
      batch.front().id = "m" + cursor.marker;
      co_await sink.deliver(std::move(batch));
      PageOutcome outcome;
      outcome.items = 1;
      outcome.more = true;  // forever
      outcome.next_marker = repeat ? "same" : std::to_string(loads);
      co_return outcome;
    };
    auto pager = make_pager(io.get_executor(), options, loader);
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    CHECK(loads == (repeat ? 2u : 50u));
  }
}

TEST_CASE("pager: marker pages going round in a cycle end with a protocol error and no item twice") {
  // Three pages going round: the markers b c b (page 3 names page 2's marker again), or fresh markers
  // over the same three pages.
  for (bool fresh_markers : {false, true}) {
    CAPTURE(fresh_markers);
    asio::io_context io;
    std::size_t loads = 0;
    PagerOptions options;
    options.paging = Paging::marker;
    options.site = site;
    auto loader = [&](PageCursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
      auto const page = loads++ % 3;
      std::vector<Instance> batch(2);
      batch[0].id = std::to_string(page * 2 + 1);
      batch[1].id = std::to_string(page * 2 + 2);
      if (auto delivered = co_await sink.deliver(std::move(batch)); !delivered) co_return delivered.error();
      PageOutcome outcome;
      outcome.items = 2;
      outcome.more = true;
      outcome.next_marker = fresh_markers ? "m" + std::to_string(loads) : page == 1 ? "c" : "b";
      co_return outcome;
    };
    auto pager = make_pager(io.get_executor(), options, loader);
    auto drained = test::run(io, [&] { return drain(*pager); });
    REQUIRE(drained.error);
    CHECK(drained.error->kind == ErrorKind::protocol);
    // A marker that comes back is seen when page 3 names it; the same pages under fresh markers when
    // page 4 starts as page 1 did, before any of its items goes on.
    CHECK(drained.ids == ids_up_to(6));
    CHECK(loads == (fresh_markers ? 4u : 3u));
  }
}

TEST_CASE("pager: marker pages follow the marker until there is no more") {
  asio::io_context io;
  std::vector<std::string> markers;
  PagerOptions options;
  options.paging = Paging::marker;
  options.site = site;
  auto loader = [&](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
    markers.push_back(cursor.marker);
    std::vector<Instance> batch(1);
    batch.front().id = std::to_string(markers.size());
    auto const id = batch.front().id;
    co_await sink.deliver(std::move(batch));
    PageOutcome outcome;
    outcome.items = 1;
    outcome.more = markers.size() < 3;
    if (outcome.more) outcome.next_marker = "after-" + id;
    co_return outcome;
  };
  auto pager = make_pager(io.get_executor(), options, loader);
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(!drained.error);
  CHECK(drained.ids == ids_up_to(3));
  CHECK(markers == std::vector<std::string>{"", "after-1", "after-2"});
}

TEST_CASE("pager: batches given back with recycle() reach the pages after them as spare(), in every paging") {
  for (auto const paging : {Paging::marker, Paging::numbered}) {
    CAPTURE(static_cast<int>(paging));
    asio::io_context io;
    std::size_t const pages = 12;
    std::size_t const per_page = 5;
    std::vector<std::size_t> spare_sizes;  // per page, in loading order
    std::vector<std::string> spare_ids;    // what the given-back Instances held
    PagerOptions options = numbered(per_page);
    options.paging = paging;
    options.concurrency = 2;
    auto loader = [&](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
      auto const page = paging == Paging::marker ? (cursor.marker.empty() ? 1 : std::stoul(cursor.marker) + 1) : cursor.number;
      co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);  // let the caller run
      auto batch = sink.spare();
      spare_sizes.push_back(batch.size());
      for (auto const& instance : batch) spare_ids.push_back(instance.id);
      batch.resize(per_page);  // the spare's Instances, refilled (as a list stream does)
      for (std::size_t i = 0; i < per_page; ++i) {
        batch[i] = Instance{};
        batch[i].id = std::to_string((page - 1) * per_page + i + 1);
      }
      co_await sink.deliver(std::move(batch));
      PageOutcome outcome;
      outcome.items = per_page;
      outcome.total_pages = pages;
      outcome.more = page < pages;
      if (outcome.more) outcome.next_marker = std::to_string(page);
      co_return outcome;
    };
    auto pager = make_pager(io.get_executor(), options, loader);
    auto drained = test::run(io, [&] { return drain(*pager, true); });
    CHECK(!drained.error);
    CHECK(drained.ids == ids_up_to(pages * per_page));
    REQUIRE(spare_sizes.size() == pages);
    // Every batch came back: the pages loaded after the first recycle() were given them, whole.
    auto const given = std::count(spare_sizes.begin(), spare_sizes.end(), per_page);
    CHECK(given >= 1);
    CHECK(std::count(spare_sizes.begin(), spare_sizes.end(), 0u) + given == static_cast<std::ptrdiff_t>(pages));
    CHECK(spare_ids.size() == static_cast<std::size_t>(given) * per_page);
    for (auto const& id : spare_ids) CHECK(std::stoul(id) <= pages * per_page);  // earlier VMs, handed back
  }
}

TEST_CASE("pager: spare batches given back in a burst are kept up to their Instance bound, two at least") {
  // Pages fetched ahead come back several at once: all of them are kept while they hold at most
  // most_items Instances together, and two are kept however large they are.
  using Spares = SpareBatches<Instance>;
  auto const batch = [](std::size_t size, std::string const& tag) {
    std::vector<Instance> instances(size);
    for (auto& instance : instances) instance.id = tag;
    return instances;
  };
  auto const take_all = [](Spares& spares) {
    std::vector<std::string> taken;  // each batch's tag and size, last given back first
    for (auto spent = spares.take(); !spent.empty(); spent = spares.take())
      taken.push_back(spent.front().id + ":" + std::to_string(spent.size()));
    return taken;
  };
  std::size_t const small = 200;  // Katapult's page
  std::size_t const fits = Spares::most_items / small;
  REQUIRE(fits > Spares::most);
  Spares spares;
  for (std::size_t i = 0; i <= fits; ++i) spares.put(batch(small, std::to_string(i)));
  auto taken = take_all(spares);
  REQUIRE(taken.size() == fits);  // the one past the bound was dropped
  CHECK(taken.front() == std::to_string(fits - 1) + ":200");
  CHECK(taken.back() == "0:200");
  for (int i = 0; i < 3; ++i) spares.put(batch(1000, "large" + std::to_string(i)));  // ByCloud's largest page
  CHECK(take_all(spares) == std::vector<std::string>{"large1:1000", "large0:1000"});
  spares.put({});  // nothing to keep
  CHECK(take_all(spares).empty());
  for (std::size_t i = 0; i < fits; ++i) spares.put(batch(small, "again"));  // the count is right after takes
  CHECK(take_all(spares).size() == fits);
}

TEST_CASE("pager: dropping the pager mid-listing stops loading") {
  asio::io_context io;
  FakePages pages;
  pages.total_items = 10'000;
  pages.tell_total = false;
  auto pager = make_pager(io.get_executor(), numbered(10), pages.loader());
  auto first = test::run(io, [&]() -> awaitable<bool> {
    auto page = co_await pager->next();
    co_return page && *page;
  });
  CHECK(first);
  pager.reset();
  io.restart();
  io.run();  // the producer ends: its next delivery finds the caller gone
  CHECK(pages.loads < 10);
}

// A page whose body was cut after its 2xx headers (the transport's `transport` error keeping the status)
// is fetched again while none of its items reached the caller, and never after: a re-fetch would hand
// those items over twice.
namespace {

Error cut_body(int status = 200) {
  auto error = make_error(ErrorKind::transport, "connection reset while reading the response body", "kat", "list");
  error.http_status = status;
  error.attempts = 1;
  return error;
}

/// Pages of 10 ids; page `cut_page` is cut for its first `cuts` loads, after passing `before_cut` of
/// its items to the sink.
struct CutPages {
  std::size_t total_items = 30;
  std::size_t per_page = 10;
  std::size_t cut_page = 1;
  std::size_t cuts = 1;
  std::size_t before_cut = 0;
  int cut_status = 200;
  std::map<std::size_t, std::size_t> loads;  // page → loads

  PageLoader loader() {
    return [this](PageCursor cursor, BatchSink& sink) -> awaitable<Result<PageOutcome>> {
      auto const load = ++loads[cursor.number];
      // Later pages answer sooner, so concurrent pages complete out of order.
      for (std::size_t i = 0; i < 10 - std::min<std::size_t>(cursor.number, 10); ++i) {
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
      }
      std::vector<Instance> items;
      for (auto i = (cursor.number - 1) * per_page + 1; i <= std::min(total_items, cursor.number * per_page); ++i) {
        Instance instance;
        instance.id = std::to_string(i);
        items.push_back(std::move(instance));
      }
      if (cursor.number == cut_page && load <= cuts) {
        std::vector<Instance> first(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(before_cut));
        if (!first.empty()) {
          if (auto delivered = co_await sink.deliver(std::move(first)); !delivered) co_return delivered.error();
        }
        co_return cut_body(cut_status);
      }
      PageOutcome outcome;
      outcome.items = items.size();
      outcome.total_pages = (total_items + per_page - 1) / per_page;
      if (auto delivered = co_await sink.deliver(std::move(items)); !delivered) co_return delivered.error();
      co_return outcome;
    };
  }
};

PagerOptions paging(Paging style) {
  auto options = numbered(10);
  options.paging = style;
  return options;
}

}  // namespace

TEST_CASE("pager refetch: a page cut before any item went on is fetched again") {
  asio::io_context io;
  CutPages pages;
  pages.total_items = 10;
  auto pager = make_pager(io.get_executor(), paging(Paging::single), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(!drained.error);
  CHECK(drained.ids == ids_up_to(10));
  CHECK(pages.loads[1] == 2);
}

TEST_CASE("pager refetch: a page cut after some of its items went on fails without a re-fetch") {
  asio::io_context io;
  CutPages pages;
  pages.total_items = 10;
  pages.before_cut = 4;
  auto pager = make_pager(io.get_executor(), paging(Paging::single), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.error);
  CHECK(drained.error->kind == ErrorKind::transport);
  CHECK(drained.error->message.find("4 items of this page were already delivered") != std::string::npos);
  CHECK(drained.ids == ids_up_to(4));  // what went on, once
  CHECK(pages.loads[1] == 1);
}

TEST_CASE("pager refetch: a page cut every time fails after three loads") {
  asio::io_context io;
  CutPages pages;
  pages.cuts = 5;
  auto pager = make_pager(io.get_executor(), paging(Paging::marker), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.error);
  CHECK(drained.error->kind == ErrorKind::transport);
  CHECK(drained.error->attempts == 3);
  CHECK(drained.error->message.find("cut 3 times") != std::string::npos);
  CHECK(pages.loads[1] == 3);
}

TEST_CASE("pager refetch: a transport error without an answer is not fetched again by the pager") {
  asio::io_context io;
  CutPages pages;
  pages.cut_status = 0;  // no response at all: the transport has already retried it
  auto pager = make_pager(io.get_executor(), paging(Paging::single), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.error);
  CHECK(pages.loads[1] == 1);
}

TEST_CASE("pager refetch: a page fetched ahead is fetched again even after buffering some of it") {
  asio::io_context io;
  CutPages pages;
  pages.total_items = 50;
  pages.cut_page = 3;
  pages.before_cut = 6;  // buffered, not yet the caller's: dropped and fetched again
  auto pager = make_pager(io.get_executor(), paging(Paging::numbered), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  CHECK(!drained.error);
  CHECK(drained.ids == ids_up_to(50));  // in order, no item twice
  CHECK(pages.loads[3] == 2);
}

TEST_CASE("pager refetch: the first numbered page cut mid-way after items went on is not repeated") {
  asio::io_context io;
  CutPages pages;
  pages.total_items = 50;
  pages.cut_page = 1;
  pages.before_cut = 3;
  auto pager = make_pager(io.get_executor(), paging(Paging::numbered), pages.loader());
  auto drained = test::run(io, [&] { return drain(*pager); });
  REQUIRE(drained.error);
  CHECK(drained.ids == ids_up_to(3));
  CHECK(pages.loads[1] == 1);
}

TEST_CASE("pager: no batch exceeds max_batch_size, however many items a page delivers at once") {
  // A 64 KiB chunk of small items, or a page fetched ahead and held whole, reaches the pager as one
  // delivery of more than 512: next() still hands over at most max_batch_size, in order, nothing lost.
  asio::io_context io;
  FakePages pages;
  pages.total_items = 2 * max_batch_size + 300;
  pages.per_page = pages.total_items;
  auto pager = make_pager(io.get_executor(), numbered(pages.per_page), pages.loader());
  std::vector<std::size_t> sizes;
  std::vector<std::string> ids;
  test::run(io, [&]() -> awaitable<void> {
    while (true) {
      auto batch = co_await pager->next();
      REQUIRE(batch);
      if (!*batch) co_return;
      sizes.push_back((*batch)->size());
      for (auto const& instance : **batch) ids.push_back(instance.id);
    }
  });
  CHECK(sizes == std::vector<std::size_t>{max_batch_size, max_batch_size, 300});
  CHECK(ids == ids_up_to(pages.total_items));
}
