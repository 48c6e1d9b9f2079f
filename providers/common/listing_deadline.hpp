#pragma once
// The deadline of a whole listing. timeout_s used to bound each page, so ten slow pages ran ten times
// the configured timeout and a slow server could hold a listing for days under the page cap (issue
// 22). A listing now ends by its own deadline: the caller's ListOptions::call.deadline, or else
// list_timeout_s counted from the first request of the listing; each request in it (a page, a
// detailed listing's fetch of one VM) still ends by timeout_s as well.

#include <polycloud/deadline.hpp>
#include <polycloud/provider.hpp>

#include <chrono>
#include <mutex>

namespace polycloud::providers {

/// Shared by every page load of one listing (loads may run at once, on any thread).
class ListingDeadline {
 public:
  ListingDeadline(CallOptions call, std::chrono::seconds request_timeout, std::chrono::seconds list_timeout)
      : call_(call), request_timeout_(request_timeout), list_timeout_(list_timeout) {}

  /// The options for one request of the listing; the listing's clock starts at the first call.
  CallOptions for_request();

 private:
  CallOptions call_;
  std::chrono::seconds request_timeout_;
  std::chrono::seconds list_timeout_;
  std::once_flag started_;
  Clock::time_point listing_deadline_{};
};

}  // namespace polycloud::providers
