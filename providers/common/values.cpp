#include "providers/common/values.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace polycloud::providers {

using namespace std::chrono;

namespace {

/// Reads exactly text[pos, pos+width) as a decimal number (digits only: no sign, no space). A plain
/// loop: every listed VM has a timestamp, and a from_chars call per field showed in the list profile.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, int& out) noexcept {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    auto const digit = static_cast<unsigned>(text[i]) - '0';
    if (digit > 9) return false;
    value = value * 10 + static_cast<int>(digit);
  }
  out = value;
  return true;
}

/// Parses "", "Z", "+hh:mm" or "-hh:mm" after the seconds; the offset east of UTC.
std::optional<seconds> parse_zone(std::string_view zone) noexcept {
  if (zone.empty() || zone == "Z" || zone == "z") return seconds{0};
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  int hours = 0, minutes = 0;
  if (!read_digits(zone, 1, 2, hours) || !read_digits(zone, 4, 2, minutes) || hours > 23 || minutes > 59) {
    return std::nullopt;
  }
  seconds offset = hours * 1h + minutes * 1min;
  return zone[0] == '-' ? -offset : offset;
}

/// `text` and a NUL in `room`, for inet_pton (which reads up to a NUL); false when it does not fit, or holds
/// a NUL itself (JSON's \u0000) that would end the address early.
template <std::size_t N>
bool nul_terminated(std::string_view text, char (&room)[N]) noexcept {
  if (text.size() >= N || text.find('\0') != std::string_view::npos) return false;
  std::memcpy(room, text.data(), text.size());
  room[text.size()] = '\0';
  return true;
}

/// RFC 3986's IPv4address, as Boost.URL's parse_ipv4_address and libc's inet_pton take it: four decimal
/// octets 0-255 without a leading zero, nothing else (the test holds it to Boost.URL's answers). By hand:
/// inet_pton needs a NUL-terminated copy and cost some 270 instructions an address, and every listed VM has
/// one to three. In line in ip_version, which every address goes through.
[[gnu::always_inline]] inline std::optional<in_addr> ipv4_bytes(std::string_view text) noexcept {
  std::uint32_t bits = 0;
  std::size_t at = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (at == text.size() || text[at] != '.') return std::nullopt;
      ++at;
    }
    auto const start = at;
    unsigned value = 0;
    while (at < text.size() && at - start < 3 && text[at] >= '0' && text[at] <= '9') {
      value = value * 10 + static_cast<unsigned>(text[at++] - '0');
    }
    auto const digits = at - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    bits = bits << 8 | value;
  }
  if (at != text.size()) return std::nullopt;
  in_addr parsed{};
  parsed.s_addr = htonl(bits);
  return parsed;
}
/// RFC 3986's IPv6address without its bytes (what ip_version needs): groups of one to four hex digits
/// between colons, eight of them, or at most seven and one "::", and a dotted quad as the last two.
/// By hand as ipv4_bytes: inet_pton cost some 470 instructions an address. The test holds it to
/// Boost.URL's answers (and classify_address, which needs the bytes, still asks inet_pton).
bool is_ipv6_text(std::string_view text) noexcept {
  auto const hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  std::size_t const size = text.size();
  std::size_t at = 0;
  int groups = 0;  // 16-bit groups written out (a dotted quad is two)
  bool compressed = false;
  if (text.starts_with("::")) {
    compressed = true;
    at = 2;
    if (at == size) return true;
  }
  while (true) {
    auto const start = at;
    while (at < size && at - start < 4 && hex(text[at])) ++at;
    if (at < size && text[at] == '.') {  // a dotted quad: the rest of the address
      if (!ipv4_bytes(text.substr(start))) return false;
      groups += 2;
      break;
    }
    if (at == start) return false;  // an empty group: a lone ':' (or a leading one), or no digit
    if (++groups > 8) return false;
    if (at == size) break;
    if (text[at] != ':') return false;  // a fifth hex digit, or anything else
    ++at;
    if (at < size && text[at] == ':') {
      if (compressed) return false;  // a second "::"
      compressed = true;
      ++at;
      if (at == size) break;
    } else if (at == size) {
      return false;  // a trailing single ':'
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}
/// libc's inet_pton takes exactly RFC 3986's IPv6address, as Boost.URL's parse_ipv6_address does (eight
/// groups of up to four hex digits, one "::", a dotted quad last; no zone, nothing else: the test holds
/// them to the same answers), at a sixth of the cost of Boost.URL's grammar.
std::optional<in6_addr> ipv6_bytes(std::string_view text) noexcept {
  char terminated[INET6_ADDRSTRLEN];  // the longest form, "ffff:…:255.255.255.255", and its NUL
  in6_addr parsed{};
  if (!nul_terminated(text, terminated) || inet_pton(AF_INET6, terminated, &parsed) != 1) return std::nullopt;
  return parsed;
}

}  // namespace

std::optional<sys_seconds> parse_timestamp(std::string_view text) noexcept {
  // Fixed layout "YYYY-MM-DDTHH:MM:SS": 19 characters.
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, mo) || !read_digits(text, 8, 2, d) ||
      !read_digits(text, 11, 2, h) || !read_digits(text, 14, 2, mi) || !read_digits(text, 17, 2, s)) {
    return std::nullopt;
  }
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;

  auto rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {  // fractional seconds: dropped, the model keeps seconds
    auto digits_end = std::min(rest.find_first_not_of("0123456789", 1), rest.size());
    if (digits_end == 1) return std::nullopt;  // a dot without digits
    rest = rest.substr(digits_end);
  }
  auto offset = parse_zone(rest);
  if (!offset) return std::nullopt;
  return sys_days{date} + hours{h} + minutes{mi} + seconds{s} - *offset;
}

std::optional<sys_seconds> from_unix_seconds(std::int64_t value) noexcept {
  constexpr std::int64_t year_10000 = 253'402'300'800;  // 10000-01-01T00:00:00Z
  if (value < 0 || value >= year_10000) return std::nullopt;
  return sys_seconds{seconds{value}};
}

int ip_version(std::string_view text) noexcept {
  if (ipv4_bytes(text)) return 4;
  if (is_ipv6_text(text)) return 6;
  return 0;
}

std::optional<Address> classify_address(std::string_view text) noexcept {
  using Visibility = Address::Visibility;
  if (auto const v4 = ipv4_bytes(text)) {
    auto const bits = ntohl(v4->s_addr);
    auto in = [bits](std::uint32_t net, int prefix) { return (bits >> (32 - prefix)) == (net >> (32 - prefix)); };
    bool const is_private = in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||  // RFC 1918
                            in(0x64400000, 10) ||                                             // RFC 6598 CGNAT
                            in(0x7F000000, 8) || in(0xA9FE0000, 16);                          // loopback, link-local
    return Address{std::string(text), is_private ? Visibility::private_ : Visibility::public_, 4};
  }
  if (auto const v6 = ipv6_bytes(text)) {
    auto const& bytes = v6->s6_addr;
    bool const unique_local = (bytes[0] & 0xFE) == 0xFC;                    // fc00::/7
    bool const link_local = bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80;  // fe80::/10
    bool const loopback = IN6_IS_ADDR_LOOPBACK(&*v6);                       // ::1
    bool const is_private = unique_local || link_local || loopback;
    return Address{std::string(text), is_private ? Visibility::private_ : Visibility::public_, 6};
  }
  return std::nullopt;
}

}  // namespace polycloud::providers
