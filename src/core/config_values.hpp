#pragma once
// The grammars config values must fit, beyond their JSON type: what a provider name, a credential and a
// URL port may hold. Shared by config loading (which names the key) and the transport (which checks the
// same things for a config a program builds itself).
#include <cstdint>
#include <optional>
#include <string_view>

namespace polycloud::detail {

/// A configured provider name: [A-Za-z0-9][A-Za-z0-9._-]{0,62}. Names are printed by `providers`, offered
/// by shell completion and typed as arguments, so they hold nothing a shell, a terminal or a CSV reader
/// would interpret.
bool is_valid_provider_name(std::string_view name) noexcept;
inline constexpr std::string_view provider_name_rule =
    "a provider name must be 1 to 63 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit";

/// Whether `value` may be sent as an HTTP header value: RFC 9110's field-value, i.e. visible characters
/// (VCHAR, 0x21-0x7E) and obs-text (0x80-0xFF), with spaces only between them. Stricter than the grammar
/// in one way: a horizontal tab is refused too (a credential never holds one; a pasted one is a mistake
/// that a server would read differently from the user).
bool is_header_field_value(std::string_view value) noexcept;

/// The number of a URL's port text ("443", "08080"): nullopt unless it is all digits and 1..65535.
/// Boost.URL's port_number() wraps a larger value modulo 65536 (":107583" is port 42047).
std::optional<std::uint16_t> port_in_range(std::string_view digits) noexcept;

}  // namespace polycloud::detail
