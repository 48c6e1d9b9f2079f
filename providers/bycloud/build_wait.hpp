#pragma once
// After a create's 202: poll the instance with growing pauses until it is ACTIVE (done) or ERROR (an
// error carrying its fault), telling the progress callback each status change. The deadline bounds
// the wait. Fetching and sleeping are injected, so the flow is tested without a server or real sleeps.

#include "providers/common/call_site.hpp"

#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>

namespace polycloud::bycloud {

struct BuildWait {
  /// The instance's current form (its fault is in Instance::extras).
  std::function<boost::asio::awaitable<Result<Instance>>()> fetch;
  std::function<boost::asio::awaitable<void>(std::chrono::milliseconds)> sleep;
  std::function<Clock::time_point()> now = [] { return Clock::now(); };
  Clock::time_point deadline = Clock::time_point::max();
  ProgressCallback progress;
  providers::CallSite site;
  std::chrono::milliseconds first_pause{250};
  std::chrono::milliseconds max_pause{5'000};
};

/// `accepted` is the instance the 202 answered with.
boost::asio::awaitable<Result<Instance>> wait_until_built(Instance accepted, BuildWait const& wait);

/// The Error for an instance that ended in ERROR: its fault's message and code when it has one.
Error build_failed(Instance const& instance, providers::CallSite const& site);

}  // namespace polycloud::bycloud
