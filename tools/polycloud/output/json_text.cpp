#include "output/json_text.hpp"

#include "output/visible_text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace polycloud::cli {

namespace json = boost::json;

void JsonText::append_string(std::string& out, std::string_view text) {
  // Boost.JSON's serializer escapes only '"', '\\' and control characters (below 0x20) and copies every
  // other byte; a string with none of them is written as is, without a serializer round per string.
  auto const plain = [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\'; };
  // On a terminal only ASCII is written as is: other text may hold a C1 control or a bidi override.
  auto const as_is = [&](char c) { return plain(c) && (!pretty_ || static_cast<unsigned char>(c) < 0x80); };
  if (std::all_of(text.begin(), text.end(), as_is)) {
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

void JsonText::append_fields(std::string& out, std::vector<std::string> const& keys,
                             std::vector<FieldValue const*> const& values, int depth) {
  static FieldValue const null = nullptr;
  out += '{';
  for (std::size_t i = 0; i < keys.size(); ++i) {
    separator(out, i, depth);
    append_string(out, keys[i]);
    out += pretty_ ? ": " : ":";
    append_value(out, values[i] ? *values[i] : null, depth + 1);
  }
  close(out, '}', keys.size(), depth);
}

void JsonText::append_value(std::string& out, FieldValue const& value, int depth) {
  if (std::holds_alternative<std::nullptr_t>(value)) {
    out += "null";
  } else if (auto const* text = std::get_if<std::string_view>(&value)) {
    append_string(out, *text);
  } else if (auto const* owned = std::get_if<std::string>(&value)) {
    append_string(out, *owned);
  } else if (auto const* number = std::get_if<std::int64_t>(&value)) {
    out += std::to_string(*number);
  } else if (auto const* flag = std::get_if<bool>(&value)) {
    out += *flag ? "true" : "false";
  } else if (auto const* items = std::get_if<std::vector<std::string>>(&value)) {
    out += '[';
    std::size_t n = 0;
    for (auto const& item : *items) {
      separator(out, n++, depth);
      append_string(out, item);
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
