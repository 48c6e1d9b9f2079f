#pragma once
// A list page's "pagination" envelope: {current_page, total_pages, total, per_page, large_set}, read by
// the toolkit's numbered-paging reader. With large_set true the totals are null (the seed page prints
// 0): they mean nothing, and the list pages on until a short page.

#include "providers/common/page_envelope.hpp"

namespace polycloud::katapult {

class PaginationReader : public providers::NumberedEnvelope {
 public:
  PaginationReader() : NumberedEnvelope({"pagination", "total_pages"}, {"pagination", "large_set"}) {}
};

}  // namespace polycloud::katapult
