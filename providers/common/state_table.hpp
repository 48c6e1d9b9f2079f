#pragma once
// What the adapters' state tables share: the entry and one lookup. Each adapter lists its raw states once,
// in a constexpr array of StateEntry {raw: the provider's word, state: the neutral one} (or of its own
// entries with those two fields and more), and a test walks it; a word not listed is State::unknown,
// and the word itself is kept in Instance::raw_state.

#include "providers/common/item_mapping.hpp"

#include <polycloud/instance.hpp>

#include <string_view>

namespace polycloud::providers {

/// One entry of a state table: the provider's word and the neutral state it means.
struct StateEntry {
  std::string_view raw;
  State state;
};

/// The neutral state `raw` stands for in `table`; State::unknown for a value the table does not list.
/// Case matters: providers document their words in one case, and another case is another word.
template <class Table>
constexpr State state_in(Table const& table, std::string_view raw) noexcept {
  for (auto const& entry : table) {
    if (entry.raw == raw) return entry.state;
  }
  return State::unknown;
}

/// The state word at `path` (an ItemMapping's scalar) into Instance::raw_state and, through `table`,
/// Instance::state; a value that is not a string is the item's problem.
template <class Table>
void read_state(JsonPath const& path, JsonScalar const& value, Table const& table, Instance& instance,
                ItemProblems& problems) {
  if (auto raw = problems.string(path, value)) {
    instance.raw_state.assign(*raw);
    instance.state = state_in(table, *raw);
  }
}

}  // namespace polycloud::providers
