#include "core/config_values.hpp"

#include <algorithm>
#include <charconv>

namespace polycloud::detail {

namespace {
bool is_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
}  // namespace

bool is_valid_provider_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 63 || !is_alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool is_header_field_value(std::string_view value) noexcept {
  auto const visible = [](char c) {
    auto const octet = static_cast<unsigned char>(c);
    return (octet >= 0x21 && octet <= 0x7E) || octet >= 0x80;
  };
  if (value.empty()) return true;
  if (!visible(value.front()) || !visible(value.back())) return false;
  return std::all_of(value.begin(), value.end(), [&](char c) { return c == ' ' || visible(c); });
}

std::optional<std::uint16_t> port_in_range(std::string_view digits) noexcept {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::uint32_t port = 0;
  auto const [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (error != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

}  // namespace polycloud::detail
