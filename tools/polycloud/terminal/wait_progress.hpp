#pragma once
// WaitOptions whose every poll shows up as a progress line ("state: pending").
#include "terminal/progress.hpp"

#include <polycloud/fleet.hpp>

namespace polycloud::cli {

inline WaitOptions wait_options(Clock::time_point deadline, ProgressDisplay& progress) {
  WaitOptions options;
  options.deadline = deadline;
  options.on_poll = [&progress](Instance const& instance) {
    progress.update({std::nullopt, "state: " + std::string(to_string(instance.state))});
  };
  return options;
}

}  // namespace polycloud::cli
