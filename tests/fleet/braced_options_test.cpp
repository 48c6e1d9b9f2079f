// Issue 9.6: g++ 12.2 miscompiled a braced temporary inside a co_await expression, so these exact forms
// (the ones our headers suggest) aborted with "free(): invalid pointer". Compiled by the dev preset (g++ 12).
#include "fleet_fixtures.hpp"
#include "tests/core/run_coro.hpp"

#include <doctest/doctest.h>

using namespace polycloud;

TEST_CASE("collect of provider.list with braced options is safe on g++ 12") {
  auto provider = fake_with("alpha", 5);
  auto listed = run_coro([&]() -> boost::asio::awaitable<Result<std::vector<Instance>>> {
    co_return co_await collect(provider->list({}));
  });
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 5);
}

TEST_CASE("fleet.list_all with braced options is safe on g++ 12") {
  std::vector<std::unique_ptr<testing::FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 3));
  fakes.push_back(fake_with("beta", 2));
  auto fleet = fleet_of(std::move(fakes));
  auto listings = run_coro([&]() -> boost::asio::awaitable<std::vector<ProviderListing>> {
    co_return co_await fleet.list_all({});
  });
  REQUIRE(listings.size() == 2);
  CHECK(merged_instances(listings).size() == 5);
}

TEST_CASE("every provider call with braced arguments is safe on g++ 12") {
  auto provider = fake_with("alpha", 1);
  auto created = run_coro([&]() -> boost::asio::awaitable<Result<Instance>> {
    co_return co_await provider->create({}, {}, {});
  });
  REQUIRE_FALSE(created.has_value());  // an empty spec has no name: refused, not crashed
  CHECK(created.error().kind == ErrorKind::invalid_argument);
  auto got = run_coro([&]() -> boost::asio::awaitable<Result<Instance>> {
    co_return co_await provider->get("alpha-0", {});
  });
  CHECK(got.has_value());
  auto stopped = run_coro([&]() -> boost::asio::awaitable<Result<void>> {
    co_return co_await provider->stop("alpha-0", {});
  });
  CHECK(stopped.has_value());
}
