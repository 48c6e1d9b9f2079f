#pragma once
// A provider whose config block could not be read (Config::unusable): it keeps its name in the fleet, and
// every operation on it fails, before sending anything, with the block's config error under that
// operation's name. One mistyped block or one ${VAR} unset in this shell then stops only that provider.
#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>

#include <memory>

namespace polycloud {

std::unique_ptr<Provider> make_unusable_provider(UnusableProvider const& unusable);

}  // namespace polycloud
