#include "output/visible_text.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

namespace {
bool continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

/// Length of the well-formed UTF-8 sequence starting at `i` and its code point; 0 when malformed.
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& code_point) noexcept {
  auto const lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2, code_point = lead & 0x1F, min = 0x80;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3, code_point = lead & 0x0F, min = 0x800;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4, code_point = lead & 0x07, min = 0x10000;
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    auto const c = static_cast<unsigned char>(text[i + k]);
    if (!continuation(c)) return 0;
    code_point = (code_point << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (code_point < min || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) return 0;
  return length;
}
}  // namespace

bool hidden_code_point(char32_t c) noexcept {
  return (c >= 0x80 && c <= 0x9F) || c == 0xAD /* soft hyphen */ || c == 0x061C /* arabic letter mark */ ||
         c == 0x180E || (c >= 0x200B && c <= 0x200F) /* zero-width, LRM, RLM */ ||
         (c >= 0x2028 && c <= 0x202E) /* line/paragraph separators, embeddings, overrides */ ||
         (c >= 0x2060 && c <= 0x206F) /* word joiner, invisible operators, isolates */ || c == 0xFEFF;
}

std::string escape_hidden_in_json(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (std::size_t i = 0; i < json_text.size();) {
    char32_t code_point = 0;
    auto const length = static_cast<unsigned char>(json_text[i]) < 0x80 ? 0 : utf8_sequence(json_text, i, code_point);
    if (length > 0 && hidden_code_point(code_point)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(code_point));
      i += length;
    } else {
      auto const step = length > 0 ? length : 1;
      out.append(json_text.substr(i, step));
      i += step;
    }
  }
  return out;
}

std::string visible_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto const byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
      ++i;
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
      ++i;
    } else {
      char32_t code_point = 0;
      auto const length = utf8_sequence(text, i, code_point);
      if (length == 0) {
        out += fmt::format("\\x{:02x}", byte);
        ++i;
      } else {
        if (hidden_code_point(code_point))
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(code_point));
        else
          out.append(text.substr(i, length));
        i += length;
      }
    }
  }
  return out;
}

}  // namespace polycloud::cli
