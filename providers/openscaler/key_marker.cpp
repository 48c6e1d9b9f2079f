#include "providers/openscaler/key_marker.hpp"

#include "providers/common/idempotency.hpp"

#include <polycloud/create_spec.hpp>

namespace polycloud::openscaler {

namespace {

constexpr std::string_view marker = "polycloud-key:";
static_assert(marker.starts_with(providers::idempotency_key_name));

bool space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string description_with_key(std::string_view description, std::string_view key) {
  std::string text(description);
  if (key.empty()) return text;
  if (!text.empty()) text += ' ';
  return text.append(marker).append(key);
}

std::optional<std::string_view> key_in_description(std::string_view description) noexcept {
  auto const prefix = marker;
  auto at = description.rfind(prefix);
  while (at != std::string_view::npos) {
    auto const word_start = at == 0 || space(description[at - 1]);
    auto rest = description.substr(at + prefix.size());
    auto const end = rest.find_first_of(" \t\r\n");
    auto const key = rest.substr(0, end);
    if (word_start && valid_idempotency_key(key)) return key;
    if (at == 0) break;
    at = description.rfind(prefix, at - 1);
  }
  return std::nullopt;
}

}  // namespace polycloud::openscaler
