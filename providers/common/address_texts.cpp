#include "providers/common/address_texts.hpp"

#include "providers/common/kept_store.hpp"

#include <utility>

namespace polycloud::providers {

namespace {

thread_local std::vector<std::string> kept;

/// What a std::string holds without allocating (15 characters in libstdc++): a text within it has no
/// room worth keeping.
std::size_t const inline_room = std::string().capacity();

}  // namespace

void recycle_addresses(std::vector<Address>& addresses) noexcept {
  if (!room_for_bound(kept, kept_address_texts_bound)) {  // bad_alloc: the texts are simply freed
    addresses.clear();
    return;
  }
  for (auto& address : addresses) {
    if (kept.size() == kept_address_texts_bound) break;
    if (address.ip.capacity() > inline_room) kept.push_back(std::move(address.ip));
  }
  addresses.clear();
}

void take_address_text(std::string& text) noexcept {
  if (kept.empty() || !text.empty() || text.capacity() > inline_room) return;
  text.swap(kept.back());
  kept.pop_back();
  text.clear();
}

std::size_t kept_address_texts() noexcept { return kept.size(); }

}  // namespace polycloud::providers
