#include "output/json_text.hpp"

#include "output/visible_text.hpp"

#include "core/rfc3339.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace polycloud::cli {

namespace json = boost::json;

namespace {
/// Whether `text` holds a byte Boost.JSON's serializer escapes: '"', '\\' or a control character (below
/// 0x20). Sixteen bytes a step where SSE2 is there (every x86-64), else eight (the byte-by-byte scan was
/// the CLI's largest single cost listing VMs).
bool needs_escape(std::string_view text) noexcept {
  char const* at = text.data();
  char const* const end = at + text.size();
#if defined(__SSE2__)
  auto const quote = _mm_set1_epi8('"');
  auto const backslash = _mm_set1_epi8('\\');
  auto const below_space = _mm_set1_epi8(0x1f);
  for (; end - at >= 16; at += 16) {
    auto const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(at));
    // max(v, 0x1f) == 0x1f exactly for the bytes 0x00-0x1f (an unsigned compare: SSE2 has no other)
    auto const hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(v, below_space), below_space));
    if (_mm_movemask_epi8(hits) != 0) return true;
  }
#endif
  constexpr std::uint64_t ones = 0x0101'0101'0101'0101ull;
  constexpr std::uint64_t highs = 0x8080'8080'8080'8080ull;
  // Exact as a yes/no (bit twiddling's haszero/hasless): some byte of v is below n (n <= 0x80).
  auto const has_below = [](std::uint64_t v, std::uint64_t n) { return ((v - ones * n) & ~v & highs) != 0; };
  for (; end - at >= 8; at += 8) {
    std::uint64_t v;
    std::memcpy(&v, at, 8);
    if (has_below(v, 0x20) || has_below(v ^ (ones * '"'), 1) || has_below(v ^ (ones * '\\'), 1)) return true;
  }
  for (; at != end; ++at) {
    auto const c = static_cast<unsigned char>(*at);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}
}  // namespace

void JsonText::append_string(std::string& out, std::string_view text) {
  // Boost.JSON's serializer escapes only '"', '\\' and control characters (below 0x20) and copies every
  // other byte; a string with none of them is written as is, without a serializer round per string.
  // On a terminal only ASCII is written as is: other text may hold a C1 control or a bidi override.
  auto const ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  if (!needs_escape(text) && (!pretty_ || std::all_of(text.begin(), text.end(), ascii))) {
    out += '"';
    out.append(text);
    out += '"';
    return;
  }
  serializer_.reset(json::string_view(text.data(), text.size()));
  std::string escaped;
  char buffer[512];
  while (!serializer_.done()) {
    auto const chunk = serializer_.read(buffer);
    escaped.append(chunk.data(), chunk.size());
  }
  // A terminal acts on C1 (U+009B is CSI) and reorders text at bidi controls; JSON's \u escapes keep the
  // value exact. In a pipe the bytes stay Boost.JSON's own, as scripts compare them.
  out += pretty_ ? escape_hidden_in_json(escaped) : escaped;
}

void JsonText::separator(std::string& out, std::size_t n, int depth) const {
  if (n > 0) out += ',';
  if (pretty_) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
  }
}

void JsonText::close(std::string& out, char bracket, std::size_t count, int depth) const {
  if (pretty_ && count > 0) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  }
  out += bracket;
}

void JsonText::set_keys(std::vector<std::string> keys) {
  keys_ = std::move(keys);
  key_texts_.clear();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::string text(i == 0 ? "{" : ",");
    append_string(text, keys_[i]);
    text += ':';
    key_texts_.push_back(std::move(text));
  }
}

void JsonText::append_fields(std::string& out, std::vector<std::string> const& keys,
                             std::vector<FieldValue const*> const& values, int depth) {
  if (keys != keys_) set_keys(keys);
  append_fields(out, values, depth);
}

void JsonText::append_fields(std::string& out, std::vector<FieldValue const*> const& values, int depth) {
  static FieldValue const null = nullptr;
  if (!pretty_) {  // what a list writes 20,000 times a second: each key's text is ready
    if (key_texts_.empty()) out += '{';
    for (std::size_t i = 0; i < key_texts_.size(); ++i) {
      out += key_texts_[i];
      append_value(out, values[i] ? *values[i] : null, depth + 1);
    }
    out += '}';
    return;
  }
  out += '{';
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    separator(out, i, depth);
    append_string(out, keys_[i]);
    out += ": ";
    append_value(out, values[i] ? *values[i] : null, depth + 1);
  }
  close(out, '}', keys_.size(), depth);
}

void JsonText::append_value(std::string& out, FieldValue const& value, int depth) {
  if (std::holds_alternative<std::nullptr_t>(value)) {
    out += "null";
  } else if (auto const* text = std::get_if<std::string_view>(&value)) {
    append_string(out, *text);
  } else if (auto const* owned = std::get_if<std::string>(&value)) {
    append_string(out, *owned);
  } else if (auto const* number = std::get_if<std::int64_t>(&value)) {
    char digits[24];
    auto const written = std::to_chars(digits, digits + sizeof digits, *number).ptr;
    out.append(digits, written);
  } else if (auto const* flag = std::get_if<bool>(&value)) {
    out += *flag ? "true" : "false";
  } else if (auto const* decimal = std::get_if<Decimal>(&value)) {
    out += decimal_text(decimal->value);
  } else if (auto const* when = std::get_if<Timestamp>(&value)) {
    char stamp[rfc3339_room];
    append_string(out, std::string_view(stamp, format_rfc3339(when->time, stamp)));
  } else if (auto const* items = std::get_if<std::vector<std::string>>(&value)) {
    out += '[';
    std::size_t n = 0;
    for (auto const& item : *items) {
      separator(out, n++, depth);
      append_string(out, item);
    }
    close(out, ']', n, depth);
  } else if (auto const* ips = std::get_if<Ips>(&value)) {
    out += '[';
    std::size_t n = 0;
    for (auto const& address : *ips->addresses) {
      if (address.visibility != ips->visibility) continue;
      separator(out, n++, depth);
      append_string(out, address.ip);
    }
    close(out, ']', n, depth);
  } else if (auto const* tags = std::get_if<Tags const*>(&value)) {
    out += '{';
    std::size_t n = 0;
    for (auto const& [key, item] : **tags) {
      separator(out, n++, depth);
      append_string(out, key);
      out += pretty_ ? ": " : ":";
      append_string(out, item);
    }
    close(out, '}', n, depth);
  } else {
    append_object(out, *std::get<json::object const*>(value), depth);
  }
}

void JsonText::append_object(std::string& out, json::object const& object, int depth) {
  if (!pretty_) {
    out += json::serialize(object);
    return;
  }
  out += '{';
  std::size_t n = 0;
  for (auto const& member : object) {
    separator(out, n++, depth);
    append_string(out, member.key());
    out += ": ";
    append_json(out, member.value(), depth + 1);
  }
  close(out, '}', n, depth);
}

void JsonText::append_json(std::string& out, json::value const& value, int depth) {
  if (auto const* object = value.if_object()) {
    append_object(out, *object, depth);
  } else if (auto const* array = value.if_array()) {
    out += '[';
    std::size_t n = 0;
    for (auto const& item : *array) {
      separator(out, n++, depth);
      append_json(out, item, depth + 1);
    }
    close(out, ']', n, depth);
  } else if (auto const* string = value.if_string()) {
    append_string(out, *string);
  } else {
    out += json::serialize(value);  // other scalars: Boost.JSON's own number forms
  }
}

}  // namespace polycloud::cli
