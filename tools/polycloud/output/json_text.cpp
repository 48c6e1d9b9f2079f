#include "output/json_text.hpp"

#include "output/visible_text.hpp"

#include "core/rfc3339.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <variant>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace polycloud::cli {

namespace json = boost::json;

namespace {
constexpr std::uint64_t ones = 0x0101'0101'0101'0101ull;
constexpr std::uint64_t highs = 0x8080'8080'8080'8080ull;
/// Exact as a yes/no (bit twiddling's haszero/hasless): some byte of v is below n (n <= 0x80).
constexpr bool has_below(std::uint64_t v, std::uint64_t n) noexcept { return ((v - ones * n) & ~v & highs) != 0; }
/// Whether the eight bytes of v hold a byte Boost.JSON's serializer escapes: '"', '\\' or one below 0x20.
constexpr bool escapes_in(std::uint64_t v) noexcept {
  return has_below(v, 0x20) || has_below(v ^ (ones * '"'), 1) || has_below(v ^ (ones * '\\'), 1);
}
std::uint64_t load8(char const* at) noexcept {
  std::uint64_t v;
  std::memcpy(&v, at, 8);
  return v;
}
std::uint32_t load4(char const* at) noexcept {
  std::uint32_t v;
  std::memcpy(&v, at, 4);
  return v;
}
#if defined(__SSE2__)
bool escapes_in_vector(__m128i v) noexcept {
  auto const quote = _mm_set1_epi8('"');
  auto const backslash = _mm_set1_epi8('\\');
  auto const below_space = _mm_set1_epi8(0x1f);
  // max(v, 0x1f) == 0x1f exactly for the bytes 0x00-0x1f (an unsigned compare: SSE2 has no other)
  auto const hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                 _mm_cmpeq_epi8(_mm_max_epu8(v, below_space), below_space));
  return _mm_movemask_epi8(hits) != 0;
}
bool escapes_in_16(char const* at) noexcept {
  return escapes_in_vector(_mm_loadu_si128(reinterpret_cast<__m128i const*>(at)));
}
#endif

/// Whether `text` holds a byte Boost.JSON's serializer escapes. Sixteen bytes a step where SSE2 is there
/// (every x86-64), else eight, and the tail read as one more step overlapping the last (the byte-by-byte
/// scan was the CLI's largest single cost listing VMs, and a byte loop over the tail most of the rest).
/// A short string is read as its first and last 8 (or 4) bytes, overlapping, checked in one step.
bool needs_escape(std::string_view text) noexcept {
  char const* at = text.data();
  auto const size = text.size();
#if defined(__SSE2__)
  if (size >= 16) {
    char const* const last = at + size - 16;
    for (; at < last; at += 16) {
      if (escapes_in_16(at)) return true;
    }
    return escapes_in_16(last);
  }
  if (size >= 8) {
    auto const halves = _mm_set_epi64x(static_cast<long long>(load8(at + size - 8)), static_cast<long long>(load8(at)));
    return escapes_in_vector(halves);
  }
#else
  if (size >= 8) {
    char const* const last = at + size - 8;
    for (; at < last; at += 8) {
      if (escapes_in(load8(at))) return true;
    }
    return escapes_in(load8(last));
  }
#endif
  if (size >= 4) return escapes_in(std::uint64_t{load4(at)} | (std::uint64_t{load4(at + size - 4)} << 32));
  for (std::size_t i = 0; i < size; ++i) {
    auto const c = static_cast<unsigned char>(at[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

/// The room made for the next object: this one's size and a quarter (records of one listing are alike), at
/// most 64 KiB: the room is zero-filled first, and one huge object must not cost every later one.
std::size_t next_room(std::size_t written) noexcept { return std::min<std::size_t>(written + written / 4 + 64, 64 * 1024); }

/// memcpy, with fixed-size moves (two, overlapping) for up to 16 bytes: a list's strings are short, and a
/// memcpy call for each was half the cost of writing one.
void copy_text(char* to, char const* from, std::size_t size) noexcept {
  if (size >= 8 && size <= 16) {
    std::memcpy(to, from, 8);
    std::memcpy(to + size - 8, from + size - 8, 8);
  } else if (size >= 4 && size < 8) {
    std::memcpy(to, from, 4);
    std::memcpy(to + size - 4, from + size - 4, 4);
  } else if (size < 4) {
    for (std::size_t i = 0; i < size; ++i) to[i] = from[i];
  } else {
    std::memcpy(to, from, size);
  }
}
}  // namespace

/// Appends to a string through a pointer: room is made once per object (one resize, about what the object
/// before took) and cut back to what was written at the end. std::string's own appends are calls into
/// the library, one per piece, and a list writes some forty pieces per VM.
class JsonText::Writer {
 public:
  Writer(std::string& out, std::size_t room) : out_(out), start_(out.size()), end_(start_) { out_.resize(end_ + room); }
  ~Writer() { out_.resize(end_); }  // cut back to what was written (a shrink: it never allocates)
  Writer(Writer const&) = delete;
  Writer& operator=(Writer const&) = delete;
  std::size_t written() const noexcept { return end_ - start_; }

  void put(char c) {
    make_room(1);
    out_[end_++] = c;
  }
  void put(std::string_view text) {
    make_room(text.size());
    copy_text(out_.data() + end_, text.data(), text.size());
    end_ += text.size();
  }
  /// `text` between double quotes.
  void put_quoted(std::string_view text) {
    make_room(text.size() + 2);
    auto* at = out_.data() + end_;
    at[0] = '"';
    copy_text(at + 1, text.data(), text.size());
    at[text.size() + 1] = '"';
    end_ += text.size() + 2;
  }
  void put(std::size_t count, char c) {
    make_room(count);
    std::memset(out_.data() + end_, c, count);
    end_ += count;
  }

 private:
  void make_room(std::size_t bytes) {
    if (out_.size() - end_ < bytes) [[unlikely]] grow(bytes);
  }
  /// Out of line: append_instance inlines every put, and the resize's code in each made it 47 KiB (now 25).
  [[gnu::noinline]] void grow(std::size_t bytes) {
    // Growing by the object's size so far: a few resizes for an object far larger than the room.
    out_.resize(end_ + std::max(bytes, end_ - start_ + 256));
  }
  std::string& out_;
  std::size_t const start_;
  std::size_t end_;
};

void JsonText::append_string(Writer& out, std::string_view text) {
  // Boost.JSON's serializer escapes only '"', '\\' and control characters (below 0x20) and copies every
  // other byte; a string with none of them is written as is, without a serializer round per string.
  // On a terminal only ASCII is written as is: other text may hold a C1 control or a bidi override.
  auto const ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  if (!needs_escape(text) && (!pretty_ || std::all_of(text.begin(), text.end(), ascii))) {
    out.put_quoted(text);
    return;
  }
  append_escaped(out, text);
}

void JsonText::append_escaped(Writer& out, std::string_view text) {
  serializer_.reset(json::string_view(text.data(), text.size()));
  std::string escaped;
  char buffer[512];
  while (!serializer_.done()) {
    auto const chunk = serializer_.read(buffer);
    escaped.append(chunk.data(), chunk.size());
  }
  // A terminal acts on C1 (U+009B is CSI) and reorders text at bidi controls; JSON's \u escapes keep the
  // value exact. In a pipe the bytes stay Boost.JSON's own, as scripts compare them.
  out.put(pretty_ ? escape_hidden_in_json(escaped) : escaped);
}

void JsonText::separator(Writer& out, std::size_t n, int depth) const {
  if (n > 0) out.put(',');
  if (pretty_) {
    out.put('\n');
    out.put(static_cast<std::size_t>(depth + 1) * 2, ' ');
  }
}

void JsonText::close(Writer& out, char bracket, std::size_t count, int depth) const {
  if (pretty_ && count > 0) {
    out.put('\n');
    out.put(static_cast<std::size_t>(depth) * 2, ' ');
  }
  out.put(bracket);
}

void JsonText::set_keys(std::vector<std::string> keys) {
  keys_ = std::move(keys);
  key_texts_.clear();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::string text(i == 0 ? "{" : ",");
    {
      Writer writer(text, keys_[i].size() + 3);
      append_string(writer, keys_[i]);
      writer.put(':');
    }
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
  Writer writer(out, object_room_);
  if (!pretty_) {  // what a list writes 20,000 times a second: each key's text is ready
    if (key_texts_.empty()) writer.put('{');
    for (std::size_t i = 0; i < key_texts_.size(); ++i) {
      writer.put(key_texts_[i]);
      append_value(writer, values[i] ? *values[i] : null, depth + 1);
    }
    writer.put('}');
  } else {
    writer.put('{');
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      separator(writer, i, depth);
      append_string(writer, keys_[i]);
      writer.put(": ");
      append_value(writer, values[i] ? *values[i] : null, depth + 1);
    }
    close(writer, '}', keys_.size(), depth);
  }
  object_room_ = next_room(writer.written());
}

void JsonText::append_value(Writer& out, FieldValue const& value, int depth) {
  // One jump on the alternative's index (a chain of get_if tests cost a comparison per alternative).
  std::visit(
      [&](auto const& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::nullptr_t>) {
          out.put("null");
        } else if constexpr (std::is_same_v<Held, std::string_view> || std::is_same_v<Held, std::string>) {
          append_string(out, held);
        } else if constexpr (std::is_same_v<Held, std::int64_t>) {
          append_integer(out, held);
        } else if constexpr (std::is_same_v<Held, bool>) {
          out.put(held ? "true" : "false");
        } else if constexpr (std::is_same_v<Held, Decimal>) {
          out.put(decimal_text(held.value));
        } else if constexpr (std::is_same_v<Held, Timestamp>) {
          append_time(out, held.time);
        } else if constexpr (std::is_same_v<Held, std::vector<std::string>>) {
          out.put('[');
          std::size_t n = 0;
          for (auto const& item : held) {
            separator(out, n++, depth);
            append_string(out, item);
          }
          close(out, ']', n, depth);
        } else if constexpr (std::is_same_v<Held, Ips>) {
          append_ips(out, held, depth);
        } else if constexpr (std::is_same_v<Held, Tags const*>) {
          append_tags(out, *held, depth);
        } else {
          static_assert(std::is_same_v<Held, json::object const*>);
          append_object(out, *held, depth);
        }
      },
      value);
}

void JsonText::append_integer(Writer& out, std::int64_t number) {
  char digits[24];
  auto const written = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.put(std::string_view(digits, static_cast<std::size_t>(written - digits)));
}

void JsonText::append_time(Writer& out, std::chrono::sys_seconds time) {
  char stamp[rfc3339_room];
  out.put_quoted(std::string_view(stamp, format_rfc3339(time, stamp)));  // digits, '-', ':', 'T', 'Z': no escapes
}

void JsonText::append_ips(Writer& out, Ips ips, int depth) {
  out.put('[');
  std::size_t n = 0;
  for (auto const& address : *ips.addresses) {
    if (address.visibility != ips.visibility) continue;
    separator(out, n++, depth);
    append_string(out, address.ip);
  }
  close(out, ']', n, depth);
}

void JsonText::append_tags(Writer& out, Tags const& tags, int depth) {
  out.put('{');
  std::size_t n = 0;
  for (auto const& [key, item] : tags) {
    separator(out, n++, depth);
    append_string(out, key);
    out.put(pretty_ ? ": " : ":");
    append_string(out, item);
  }
  close(out, '}', n, depth);
}

void JsonText::append_text_or_null(Writer& out, std::string const& text) {
  if (text.empty()) {
    out.put("null");
  } else {
    append_string(out, text);
  }
}

// Flattened: every append_* it calls is in line (a list calls it per VM, and the calls were a fifth of
// its cost); the rare paths (escapes, growing the room) stay out of line.
[[gnu::flatten]] void JsonText::append_instance(std::string& out, Instance const& instance) {
  // fill_instance_record's keys and values, in its order; the keys as literals (compact: no escapes).
  Writer writer(out, object_room_);
  auto const text_or_null = [&](std::string_view key, std::string const& value) {
    writer.put(key);
    append_text_or_null(writer, value);
  };
  auto const integer_or_null = [&](std::string_view key, auto const& number) {
    writer.put(key);
    if (number) {
      append_integer(writer, static_cast<std::int64_t>(*number));
    } else {
      writer.put("null");
    }
  };
  // Every VM of a listing has the same provider and type: their text is made once.
  if (!prefix_made_ || instance.provider != prefix_provider_ || instance.provider_type != prefix_type_) {
    prefix_made_ = true;
    prefix_provider_ = instance.provider;
    prefix_type_ = instance.provider_type;
    instance_prefix_.clear();
    Writer prefix(instance_prefix_, 64);
    prefix.put(R"({"provider":)");
    append_string(prefix, instance.provider);
    prefix.put(R"(,"type":)");
    append_string(prefix, instance.provider_type);
    prefix.put(R"(,"id":)");
  }
  writer.put(instance_prefix_);
  append_string(writer, instance.id);
  text_or_null(R"(,"name":)", instance.name);
  writer.put(R"(,"state":)");
  writer.put_quoted(to_string(instance.state));  // a word of ours: no escapes
  text_or_null(R"(,"raw_state":)", instance.raw_state);
  text_or_null(R"(,"region":)", instance.region);
  text_or_null(R"(,"zone":)", instance.zone);
  text_or_null(R"(,"size":)", instance.size);
  integer_or_null(R"(,"vcpus":)", instance.vcpus);
  integer_or_null(R"(,"memory_mb":)", instance.memory_mib);
  integer_or_null(R"(,"disk_gb":)", instance.disk_gb);
  text_or_null(R"(,"image":)", instance.image);
  writer.put(R"(,"public_ips":)");
  append_ips(writer, {&instance.addresses, Address::Visibility::public_}, 1);
  writer.put(R"(,"private_ips":)");
  append_ips(writer, {&instance.addresses, Address::Visibility::private_}, 1);
  writer.put(R"(,"created_at":)");
  if (instance.created_at) {
    append_time(writer, *instance.created_at);
  } else {
    writer.put("null");
  }
  writer.put(R"(,"tags":)");
  append_tags(writer, instance.tags, 1);
  writer.put('}');
  object_room_ = next_room(writer.written());
}

void JsonText::append_object(Writer& out, json::object const& object, int depth) {
  if (!pretty_) {
    out.put(json::serialize(object));
    return;
  }
  out.put('{');
  std::size_t n = 0;
  for (auto const& member : object) {
    separator(out, n++, depth);
    append_string(out, member.key());
    out.put(": ");
    append_json(out, member.value(), depth + 1);
  }
  close(out, '}', n, depth);
}

void JsonText::append_json(Writer& out, json::value const& value, int depth) {
  if (auto const* object = value.if_object()) {
    append_object(out, *object, depth);
  } else if (auto const* array = value.if_array()) {
    out.put('[');
    std::size_t n = 0;
    for (auto const& item : *array) {
      separator(out, n++, depth);
      append_json(out, item, depth + 1);
    }
    close(out, ']', n, depth);
  } else if (auto const* string = value.if_string()) {
    append_string(out, *string);
  } else {
    out.put(json::serialize(value));  // other scalars: Boost.JSON's own number forms
  }
}

}  // namespace polycloud::cli
