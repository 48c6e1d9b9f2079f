#include "core/utf8.hpp"

namespace polycloud {

std::string_view utf8_safe_truncate(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) return text;
  auto const is_continuation = [&](std::size_t at) { return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80; };
  std::size_t cut = max_bytes;
  // A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes precede the cut.
  for (int step = 0; step < 3 && cut > 0 && is_continuation(cut); ++step) --cut;
  if (is_continuation(cut)) cut = max_bytes;  // not UTF-8 here: a plain byte cut is all we can do
  return text.substr(0, cut);
}

}  // namespace polycloud
