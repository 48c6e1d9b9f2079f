#pragma once
// Address texts kept for the next VM's addresses. A ByCloud VM lists an IPv6 address, and one of 16
// characters or more does not fit a std::string's inline room: clearing an Instance freed the text and
// mapping the next VM allocated it again, a malloc and a free per VM (18,757 of a 20,000-VM listing's
// 52,151 allocations). clear_keeping_room() hands the texts here, and a mapping takes one back as the
// room of its next pending address.
//
// Per thread, at most kept_address_texts_bound texts: a stream refills one Instance at a time, right
// before mapping the next VM into it, so one VM's addresses are all the store ever needs to hold.
#include <polycloud/instance.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace polycloud::providers {

inline constexpr std::size_t kept_address_texts_bound = 16;

/// Empties `addresses`, keeping the allocated room of their texts (up to the bound) for take_address_text.
void recycle_addresses(std::vector<Address>& addresses) noexcept;
/// Gives `text`, when it is empty and has no allocated room, a kept (empty) one; otherwise leaves it.
void take_address_text(std::string& text) noexcept;
/// The texts this thread keeps (for tests: never above the bound).
std::size_t kept_address_texts() noexcept;

}  // namespace polycloud::providers
