#pragma once
// ASCII case folding and trimming for what HTTP defines as case-insensitive ASCII (header names, media
// types, schemes, host names). Boost's string algorithms fold through std::locale, looking the facet up
// for every character: on the per-request path that was a measurable share of each list page's CPU.

#include <algorithm>
#include <string>
#include <string_view>

namespace polycloud::http {

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

inline std::string ascii_lower_copy(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) c = ascii_lower(c);
  return lowered;
}

/// Without the surrounding ASCII white space (what isspace() is in the C locale).
constexpr std::string_view trim_ascii_space(std::string_view text) noexcept {
  constexpr std::string_view space = " \t\n\v\f\r";
  auto const first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

}  // namespace polycloud::http
