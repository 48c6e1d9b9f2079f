#pragma once
// ByCloud reports Nova's `status` (upper case). Every documented value is listed once, here; a test
// walks the whole table. `vm_state`, `power_state` and `task_state` are not mapped: they stay
// reachable through Instance::raw.

#include "providers/common/state_table.hpp"

#include <polycloud/instance.hpp>

#include <array>
#include <string_view>

namespace polycloud::bycloud {

// One line per neutral state. PASSWORD, MIGRATING, the RESIZE family and RESCUE keep the VM up while a
// task runs: running, with the Nova word in raw_state so a caller can still tell them apart.
inline constexpr std::array<providers::StateEntry, 20> state_table{{
    {"ACTIVE", State::running}, {"PASSWORD", State::running}, {"MIGRATING", State::running},
    {"RESIZE", State::running}, {"VERIFY_RESIZE", State::running}, {"REVERT_RESIZE", State::running},
    {"RESCUE", State::running},
    {"BUILD", State::pending}, {"REBUILD", State::pending},
    {"REBOOT", State::rebooting}, {"HARD_REBOOT", State::rebooting},
    {"SHUTOFF", State::stopped}, {"SHELVED", State::stopped}, {"SHELVED_OFFLOADED", State::stopped},
    {"PAUSED", State::suspended}, {"SUSPENDED", State::suspended},
    {"ERROR", State::error},
    {"DELETED", State::terminated}, {"SOFT_DELETED", State::terminated},
    {"UNKNOWN", State::unknown},
}};

/// The neutral state of a Nova status; State::unknown for anything not in the table.
inline State map_state(std::string_view status) noexcept { return providers::state_in(state_table, status); }

/// The one Nova status a neutral state stands for, when exactly one does (so a status filter can be
/// pushed down to the server without changing the result); empty otherwise.
std::string_view only_status_for(State state) noexcept;

}  // namespace polycloud::bycloud
