#pragma once
// OpenScaler reports a libvirt "domain state". Every value we know of is listed once, here, with
// where we learned it; a test walks the whole table.

#include "providers/common/state_table.hpp"

#include <polycloud/instance.hpp>

#include <array>
#include <string_view>

namespace polycloud::openscaler {

enum class StateSource { seed, inferred };

struct StateMapping {
  std::string_view raw;
  State state;
  StateSource source;
};

// "running" and "paused" are printed on the seed pages; the rest are libvirt's virDomainState names,
// which the API's "domain state" wording suggests but no page confirms.
inline constexpr std::array<StateMapping, 8> state_table{{
    {"running", State::running, StateSource::seed},
    {"paused", State::suspended, StateSource::seed},
    {"blocked", State::running, StateSource::inferred},  // libvirt: running, waiting on a resource
    {"shutdown", State::stopping, StateSource::inferred},
    {"shutoff", State::stopped, StateSource::inferred},
    {"crashed", State::error, StateSource::inferred},
    {"pmsuspended", State::suspended, StateSource::inferred},
    {"nostate", State::unknown, StateSource::inferred},  // libvirt itself does not know
}};

/// The neutral state for a raw value; State::unknown for anything not in the table.
inline State map_state(std::string_view raw) noexcept { return providers::state_in(state_table, raw); }

}  // namespace polycloud::openscaler
