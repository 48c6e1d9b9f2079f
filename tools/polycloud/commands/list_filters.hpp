#pragma once
// The provider-side filters `list` and `export` share (--provider, --state, --name, --tag, --fast) as
// the fleet's list options.
#include "commands/arguments.hpp"
#include "output/key_value.hpp"

#include <polycloud/fleet.hpp>

namespace polycloud::cli {

template <class Args>
FleetListOptions fleet_list_options(Args const& args) {
  FleetListOptions options;
  options.providers = args.providers;
  if (args.state) options.list.filter.state = parse_state(*args.state);
  options.list.filter.name_glob = args.name_glob;
  options.list.filter.tags = key_value_map(args.tags);
  options.list.detail = !args.fast;
  return options;
}

}  // namespace polycloud::cli
