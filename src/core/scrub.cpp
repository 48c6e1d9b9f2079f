#include "core/scrub.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace polycloud {

namespace {

/// One character as it may be written at `at`: its value and how many bytes of text spell it.
struct Spelling {
  char value;
  std::size_t length;
};

std::optional<Spelling> percent_encoded(std::string_view text, std::size_t at) {
  if (at + 3 > text.size() || text[at] != '%') return std::nullopt;
  unsigned value = 0;
  auto const digits = text.substr(at + 1, 2);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + 2, value, 16);
  if (ec != std::errc{} || end != digits.data() + 2) return std::nullopt;
  return Spelling{static_cast<char>(value), 3};
}

std::optional<Spelling> html_escaped(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '&') return std::nullopt;
  auto const semicolon = text.find(';', at);
  if (semicolon == std::string_view::npos || semicolon - at > 10) return std::nullopt;
  auto const name = text.substr(at + 1, semicolon - at - 1);
  std::size_t const length = semicolon - at + 1;
  static constexpr std::array<std::pair<std::string_view, char>, 5> named{
      {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}}};
  for (auto const& [entity, value] : named)
    if (name == entity) return Spelling{value, length};
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  bool const hex = name[1] == 'x' || name[1] == 'X';
  auto const digits = name.substr(hex ? 2 : 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value > 0x7f)
    return std::nullopt;  // a secret byte above ASCII is not written as one entity
  return Spelling{static_cast<char>(value), length};
}

/// The ends of every way `secret` can be spelled starting at `start` (plain, encoded, or mixed).
/// A set of positions advanced one secret character at a time, so mixed spellings need no backtracking.
std::optional<std::size_t> longest_match(std::string_view text, std::size_t start, std::string_view secret) {
  std::vector<std::size_t> positions{start}, next;
  for (char const wanted : secret) {
    next.clear();
    for (auto const at : positions) {
      if (at < text.size() && text[at] == wanted) next.push_back(at + 1);
      for (auto const spelling : {percent_encoded(text, at), html_escaped(text, at)})
        if (spelling && spelling->value == wanted) next.push_back(at + spelling->length);
    }
    if (next.empty()) return std::nullopt;
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    positions.swap(next);
  }
  return positions.back();
}

bool is_word_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string scrub_secret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  bool const only_standalone = secret.size() < min_secret_length;
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = 0; at < text.size();) {
    char const c = text[at];
    bool const may_start = c == secret.front() || c == '%' || c == '&';
    auto const end = may_start ? longest_match(text, at, secret) : std::nullopt;
    bool const standalone = end && (at == 0 || !is_word_character(text[at - 1])) &&
                            (*end == text.size() || !is_word_character(text[*end]));
    if (!end || (only_standalone && !standalone)) {
      ++at;
      continue;
    }
    out.append(text, copied, at - copied);
    out += scrubbed_marker;
    copied = at = *end;
  }
  if (copied == 0) return text;
  out.append(text, copied, std::string::npos);
  return out;
}

std::string scrub_credential(std::string text, std::string_view credential) {
  text = scrub_secret(std::move(text), credential);
  if (auto const colon = credential.rfind(':');
      colon != std::string_view::npos && credential.size() - colon - 1 >= min_secret_length) {
    text = scrub_secret(std::move(text), credential.substr(colon + 1));
  }
  return text;
}

}  // namespace polycloud
