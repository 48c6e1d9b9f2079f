#pragma once
// Fleet's private state, shared by the fleet's source files.
#include <polycloud/fleet.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace polycloud {

struct Fleet::Impl {
  std::vector<std::unique_ptr<Provider>> providers;  ///< configuration order
  /// Each configured provider's rate_limit_per_minute (or per second x 60, the stricter): what a watch
  /// budgets by default (watch.hpp). Only for a fleet made from a Config.
  std::map<std::string, double> configured_per_minute;
};

}  // namespace polycloud
