#include "providers/common/listing_deadline.hpp"

#include <algorithm>

namespace polycloud::providers {

CallOptions ListingDeadline::for_request() {
  bool const callers = call_.deadline != Clock::time_point::max();
  std::call_once(started_, [&] { listing_deadline_ = callers ? call_.deadline : deadline_after(list_timeout_); });
  CallOptions request = call_;
  // A caller's deadline is the caller's budget for the whole listing, as before; without one, each
  // request keeps the configured per-request timeout inside the listing's.
  request.deadline = callers ? listing_deadline_ : std::min(deadline_after(request_timeout_), listing_deadline_);
  return request;
}

}  // namespace polycloud::providers
