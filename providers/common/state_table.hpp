#pragma once
// What the adapters' state tables share: one lookup. Each adapter lists its raw states once, in a
// constexpr array of entries with `raw` (the provider's word) and `state` (the neutral one), and a test
// walks it; a word not listed is State::unknown, and the word itself is kept in Instance::raw_state.

#include <polycloud/instance.hpp>

#include <string_view>

namespace polycloud::providers {

/// The neutral state `raw` stands for in `table`; State::unknown for a value the table does not list.
/// Case matters: providers document their words in one case, and another case is another word.
template <class Table>
constexpr State state_in(Table const& table, std::string_view raw) noexcept {
  for (auto const& entry : table) {
    if (entry.raw == raw) return entry.state;
  }
  return State::unknown;
}

}  // namespace polycloud::providers
