#pragma once
// Fleet's private state, shared by the fleet's source files.
#include <polycloud/create_journal.hpp>
#include <polycloud/fleet.hpp>

#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace polycloud {

struct Fleet::Impl {
  std::vector<std::unique_ptr<Provider>> providers;  ///< configuration order
  std::map<std::string, Aliases> aliases;             ///< by provider name, from the config (none for from_providers)
  std::shared_ptr<CreateJournal> journal;             ///< keyed creates' journal; null: journal-less
};

/// A provider that throws has a bug; the others' results still count: its exception as an Error.
Error thrown_error(std::exception_ptr const& thrown, std::string const& provider, std::string operation);

}  // namespace polycloud
