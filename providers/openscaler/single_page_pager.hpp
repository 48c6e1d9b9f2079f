#pragma once
// A pager over an API that answers a listing in one response: the first next() fetches it, the
// second reports the end. An error is repeated by every later call, as InstancePager promises.

#include <polycloud/provider.hpp>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace polycloud::openscaler {

class SinglePagePager final : public InstancePager {
 public:
  using Fetch = std::function<boost::asio::awaitable<Result<std::vector<Instance>>>()>;
  explicit SinglePagePager(Fetch fetch) : fetch_(std::move(fetch)) {}

  boost::asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() override {
    if (error_) co_return *error_;
    if (!fetch_) co_return std::optional<std::vector<Instance>>{};
    auto fetch = std::exchange(fetch_, nullptr);
    auto page = co_await fetch();
    if (!page) {
      error_ = page.error();
      co_return *error_;
    }
    co_return std::optional<std::vector<Instance>>{std::move(*page)};
  }

 private:
  Fetch fetch_;
  std::optional<Error> error_;
};

}  // namespace polycloud::openscaler
