#pragma once
// Deterministic pseudo-random values from (seed, index, salt): every simulated instance is a pure
// function of its index, so a million of them cost nothing until asked for.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

namespace polycloud::sim {

/// SplitMix64 finaliser over the mixed inputs: cheap, stateless, well spread.
constexpr std::uint64_t mix(std::uint64_t seed, std::uint64_t index, std::uint64_t salt = 0) noexcept {
  std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index * 0xbf58476d1ce4e5b9ULL + salt * 0x94d049bb133111ebULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A version-1-looking UUID text derived from (seed, index, salt).
inline std::string seeded_uuid(std::uint64_t seed, std::uint64_t index, std::uint64_t salt) {
  std::uint64_t const high = mix(seed, index, salt);
  std::uint64_t const low = mix(seed, index, salt + 1);
  std::array<char, 37> text{};
  std::snprintf(text.data(), text.size(), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(0x1000 | (high & 0x0fff)),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return std::string(text.data());
}

/// Seconds since the epoch → "2024-04-19T15:02:04" (UTC, no zone), or with a trailing "Z" when asked.
std::string format_timestamp(std::int64_t unix_seconds, bool with_zone);

}  // namespace polycloud::sim
