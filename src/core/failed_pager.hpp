#pragma once
// Pagers that fail at their first next(), and at every one after it, sending nothing: how a refused
// option, a catalog part a provider does not list, or an unusable provider block answers through the
// pager contracts (InstancePager, CatalogPager).
#include <polycloud/catalog.hpp>
#include <polycloud/provider.hpp>

namespace polycloud::detail {

class FailedPager final : public InstancePager {
 public:
  explicit FailedPager(Error error) : error_(std::move(error)) {}
  boost::asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() override { co_return error_; }

 private:
  Error error_;
};

template <class Item>
class FailedCatalogPager final : public CatalogPager<Item> {
 public:
  explicit FailedCatalogPager(Error error) : error_(std::move(error)) {}
  boost::asio::awaitable<Result<std::optional<std::vector<Item>>>> next() override { co_return error_; }

 private:
  Error error_;
};

}  // namespace polycloud::detail
