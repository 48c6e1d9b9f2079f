#include "providers/bycloud/state_table.hpp"

namespace polycloud::bycloud {

std::string_view only_status_for(State state) noexcept {
  // unknown also stands for every status not in the table: never exactly one.
  if (state == State::unknown) return {};
  std::string_view found;
  for (auto const& entry : state_table) {
    if (entry.state != state) continue;
    if (!found.empty()) return {};
    found = entry.raw;
  }
  return found;
}

}  // namespace polycloud::bycloud
