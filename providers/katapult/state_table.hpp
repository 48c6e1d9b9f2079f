#pragma once
// Katapult's VM states, every one its reference documents (and `suspended`, which real VM objects
// carry though the reference's enum omits it), listed once with the neutral state it means; a test walks the whole table. The raw word is always kept in Instance::raw_state.

#include "providers/common/state_table.hpp"

#include <polycloud/instance.hpp>

#include <array>
#include <string_view>

namespace polycloud::katapult {

inline constexpr std::array<providers::StateEntry, 13> state_table{{
    {"started", State::running},
    {"starting", State::pending},
    {"allocating", State::pending},
    {"allocated", State::pending},
    {"stopping", State::stopping},
    {"shutting_down", State::stopping},
    {"stopped", State::stopped},
    {"resetting", State::rebooting},
    // Moving between hypervisors or data centres: the VM keeps running meanwhile.
    {"migrating", State::running},
    {"transferring", State::running},
    {"failed", State::error},
    {"orphaned", State::error},  // its hypervisor is gone
    // Seen in real traffic (issue 22): the VM is held, not running, and comes back without a new build.
    {"suspended", State::suspended},
}};

/// The neutral state for a raw value; State::unknown for anything not in the table.
inline State map_state(std::string_view raw) noexcept { return providers::state_in(state_table, raw); }

}  // namespace polycloud::katapult
