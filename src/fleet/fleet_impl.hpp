#pragma once
// Fleet's private state, shared by the fleet's source files.
#include <polycloud/create_journal.hpp>
#include <polycloud/fleet.hpp>

#include <memory>
#include <vector>

namespace polycloud {

struct Fleet::Impl {
  std::vector<std::unique_ptr<Provider>> providers;  ///< configuration order
  std::shared_ptr<CreateJournal> journal;             ///< keyed creates' journal; null: journal-less
};

}  // namespace polycloud
