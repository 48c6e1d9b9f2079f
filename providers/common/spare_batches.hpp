#pragma once
// The batches a pager's caller gave back, kept for the next pages' streams (pager.cpp).
#include <polycloud/provider.hpp>

#include <cstddef>
#include <mutex>
#include <vector>

namespace polycloud::providers {

/// Batches the caller gave back (InstancePager::recycle), until a page's stream maps items into them. The
/// caller and the producer may run on different threads. Two are kept whatever their size, more while
/// they hold at most most_items together; more are dropped. (Pages fetched ahead come back in bursts:
/// keeping only two, a Katapult listing freed a third of its batches and made as many anew, 5 % of its
/// instructions. The item bound keeps large pages to two: ByCloud's 1,000-item pages in row (c).)
template <class Item>
class SpareBatches {
 public:
  static constexpr std::size_t most = 2;                         ///< kept whatever their size
  static constexpr std::size_t most_items = 2 * max_batch_size;  ///< more are kept while they hold this many

  void put(std::vector<Item> spent) {
    if (spent.empty()) return;
    std::lock_guard const lock(mutex_);
    if (kept_.size() >= most && kept_items_ + spent.size() > most_items) return;
    kept_items_ += spent.size();
    kept_.push_back(std::move(spent));
  }
  std::vector<Item> take() {
    std::lock_guard const lock(mutex_);
    if (kept_.empty()) return {};
    auto spent = std::move(kept_.back());
    kept_.pop_back();
    kept_items_ -= spent.size();
    return spent;
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<Item>> kept_;
  std::size_t kept_items_ = 0;
};

}  // namespace polycloud::providers
