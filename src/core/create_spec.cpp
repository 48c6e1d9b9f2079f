// Idempotency keys (issue 19): what a key may be, and the key `create --if-absent` derives.
#include <polycloud/create_spec.hpp>

#include "core/idempotency_key.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace polycloud {

namespace {

bool key_character(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

/// 64-bit FNV-1a: tiny, fixed by its published constants, so a derived key never changes between
/// versions or platforms (a std::hash may).
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) noexcept {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

bool valid_idempotency_key(std::string_view key) noexcept {
  return !key.empty() && key.size() <= max_idempotency_key_length && std::all_of(key.begin(), key.end(), key_character);
}

Error idempotency_key_refusal(std::string_view key, std::string provider, std::string operation) {
  return make_error(ErrorKind::invalid_argument,
                    "an idempotency key is 1 to " + std::to_string(max_idempotency_key_length) +
                        " characters of A-Z, a-z, 0-9, '.', '_' and '-' (this one has " + std::to_string(key.size()) +
                        " characters)",
                    std::move(provider), std::move(operation));
}

std::string if_absent_idempotency_key(std::string_view provider, std::string_view name) {
  constexpr std::size_t name_part = 44;  // "ia." + 44 + "." + 16 hex digits = 64
  std::string readable(name.substr(0, name_part));
  std::replace_if(readable.begin(), readable.end(), [](char c) { return !key_character(c); }, '_');
  auto hash = fnv1a(provider);
  hash = fnv1a(std::string_view("\0", 1), hash);
  hash = fnv1a(name, hash);
  std::string key = "ia." + readable + ".";
  for (int shift = 60; shift >= 0; shift -= 4) key += "0123456789abcdef"[(hash >> shift) & 0xf];
  return key;
}

}  // namespace polycloud
