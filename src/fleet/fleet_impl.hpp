#pragma once
// Fleet's private state, shared by the fleet's source files.
#include <polycloud/fleet.hpp>

#include <memory>
#include <vector>

namespace polycloud {

struct Fleet::Impl {
  std::vector<std::unique_ptr<Provider>> providers;  ///< configuration order
};

}  // namespace polycloud
