#include "providers/bycloud/state_table.hpp"

namespace polycloud::bycloud {

State map_state(std::string_view status) noexcept {
  for (auto const& entry : state_table) {
    if (entry.status == status) return entry.state;
  }
  return State::unknown;
}

std::string_view only_status_for(State state) noexcept {
  // unknown also stands for every status not in the table: never exactly one.
  if (state == State::unknown) return {};
  std::string_view found;
  for (auto const& entry : state_table) {
    if (entry.state != state) continue;
    if (!found.empty()) return {};
    found = entry.status;
  }
  return found;
}

}  // namespace polycloud::bycloud
