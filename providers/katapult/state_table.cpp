#include "providers/katapult/state_table.hpp"

namespace polycloud::katapult {

State map_state(std::string_view raw) noexcept {
  for (auto const& entry : state_table) {
    if (entry.raw == raw) return entry.state;
  }
  return State::unknown;
}

}  // namespace polycloud::katapult
