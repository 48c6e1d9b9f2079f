#pragma once
// The answers of Katapult's long-running operations, read from their JSON: the 201 of a build, a
// build's status (under "virtual_machine_build", or the older key "build"), a task (power actions,
// purge), a delete's trash object. And the backoff with which they are polled.

#include "providers/common/call_site.hpp"

#include <polycloud/error.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace polycloud::katapult {

/// Task statuses: pending, running, completed, failed.
struct TaskStatus {
  std::string id;
  std::string name;
  std::string status;
  std::optional<double> progress;  ///< percent, when the task reports one
};
Result<TaskStatus> read_task(boost::json::value const& body, providers::CallSite const& site);

/// What a 201 from the build endpoint says: the build, and the task that runs it (its `progress` is
/// the build's percentage; absent or unreadable, the build is followed without one).
struct BuildStarted {
  std::string build_id;
  std::string hostname;
  std::optional<TaskStatus> task;
};
Result<BuildStarted> read_build_started(boost::json::value const& body, providers::CallSite const& site);

/// Build states: draft, pending, building, complete, failed.
struct BuildStatus {
  std::string id;
  std::string state;
  std::string vm_id;  ///< empty until the build has a VM
};
Result<BuildStatus> read_build_status(boost::json::value const& body, providers::CallSite const& site);

/// The trash object a delete created: its id purges it.
Result<std::string> read_trash_id(boost::json::value const& body, providers::CallSite const& site);

/// Poll delays: 250 ms, growing by half each time, capped at 5 s. Builds take tens of seconds and
/// tasks a few; the cap keeps a slow build from costing more than a request every 5 s.
class PollBackoff {
 public:
  std::chrono::milliseconds next() noexcept;

 private:
  std::chrono::milliseconds delay_{250};
};

}  // namespace polycloud::katapult
