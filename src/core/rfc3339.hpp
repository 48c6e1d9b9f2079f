#pragma once
// format_rfc3339 without a string: for writers of many VMs (the CLI's JSON writes one per VM listed).
#include <chrono>
#include <cstddef>
#include <span>

namespace polycloud {

/// Room for any time's RFC 3339 text (a year beyond 9999 or before 0 takes more than 20 bytes).
inline constexpr std::size_t rfc3339_room = 32;

/// format_rfc3339(time)'s text written into `out`; returns its length.
std::size_t format_rfc3339(std::chrono::sys_seconds time, std::span<char, rfc3339_room> out) noexcept;

}  // namespace polycloud
