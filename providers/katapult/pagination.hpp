#pragma once
// A list page's "pagination" envelope, read from the stream's envelope events:
// {current_page, total_pages, total, per_page, large_set}. With large_set true the totals are null
// (the seed page prints 0): they mean nothing, and the list pages on until a short page.

#include "providers/common/list_stream.hpp"

#include <cstddef>
#include <optional>

namespace polycloud::katapult {

class PaginationReader {
 public:
  /// Valid while this reader lives.
  providers::EnvelopeSink sink();
  /// The number of pages, when the page told it and it is not a large set.
  std::optional<std::size_t> total_pages() const noexcept;

 private:
  std::optional<std::size_t> total_pages_;
  bool large_set_ = false;
};

}  // namespace polycloud::katapult
