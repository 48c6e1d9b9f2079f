#pragma once
// Value parsers the adapters share: timestamps and IP addresses.

#include <polycloud/instance.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace polycloud::providers {

/// RFC 3339 / ISO 8601 "YYYY-MM-DDTHH:MM:SS[.frac](Z|±hh:mm)" (a space for 'T' and a missing zone
/// are read as UTC); nullopt when it is not one.
std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text) noexcept;

/// Seconds since the Unix epoch, range-checked (years 1970..9999).
std::optional<std::chrono::sys_seconds> from_unix_seconds(std::int64_t seconds) noexcept;

/// 4 or 6 when `text` is an IPv4 or IPv6 address, 0 when it is neither.
int ip_version(std::string_view text) noexcept;

/// Private when in an RFC 1918 / RFC 6598 / loopback / link-local / unique-local (fc00::/7) range.
std::optional<Address> classify_address(std::string_view text) noexcept;

}  // namespace polycloud::providers
