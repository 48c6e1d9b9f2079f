#pragma once
// Cutting text to a byte budget without splitting a UTF-8 character: a message bounded in the middle
// of "é" would end in a stray byte that terminals and JSON encoders show as garbage or reject.
#include <cstddef>
#include <string_view>

namespace polycloud {

/// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
/// sequence: when the cut would fall on a continuation byte (10xxxxxx), it moves back to the start of
/// that character. Invalid UTF-8 is cut no worse than before (at most 3 extra bytes dropped).
std::string_view utf8_safe_truncate(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace polycloud
