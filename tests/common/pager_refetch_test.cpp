// A page whose body was cut after its 2xx headers (the transport's `transport` error keeping the
// status) is fetched again while none of its items reached the caller, and never after: a re-fetch
// would hand those items over twice.
#include "providers/common/pager.hpp"

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

struct Drained {
  std::vector<std::string> ids;
  std::optional<Error> error;
};

awaitable<Drained> drain(InstancePager& pager) {
  Drained drained;
  while (true) {
    auto page = co_await pager.next();
    if (!page) {
      drained.error = page.error();
      co_return drained;
    }
    if (!*page) co_return drained;
    for (auto const& instance : **page) drained.ids.push_back(instance.id);
  }
}

PagerOptions paging(Paging style) {
  PagerOptions options;
  options.paging = style;
  options.site = site;
  options.per_page = 10;
  return options;
}

std::vector<std::string> ids_up_to(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 1; i <= n; ++i) ids.push_back(std::to_string(i));
  return ids;
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
