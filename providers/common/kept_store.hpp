#pragma once
// What the per-thread stores of room a cleared Instance gives back share (tag_nodes.hpp, address_texts.hpp).
#include <cstddef>
#include <vector>

namespace polycloud::providers {

/// Gives `store` room for `bound` entries up front, so that filling it never allocates and a recycle
/// stays noexcept; false when that allocation fails (bad_alloc), and the caller then frees what it was
/// given instead of keeping it.
template <class T>
bool room_for_bound(std::vector<T>& store, std::size_t bound) noexcept {
  if (store.capacity() >= bound) return true;
  try {
    store.reserve(bound);
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace polycloud::providers
