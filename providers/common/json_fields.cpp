#include "providers/common/json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>

namespace polycloud::providers {

namespace json = boost::json;

std::string_view json_kind_name(json::value const& value) noexcept {
  switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

FieldReader::FieldReader(json::object const& object, std::string path) : object_(object), path_(std::move(path)) {}

json::value const* FieldReader::find(std::string_view key) const {
  auto const* value = object_.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string FieldReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::fail(std::string_view key, std::string_view what) {
  if (problem_.empty()) problem_ = path_of(key) + ": " + std::string(what);
}

void FieldReader::wrong_type(std::string_view key, std::string_view expected, json::value const& got) {
  fail(key, "expected " + std::string(expected) + ", got " + std::string(json_kind_name(got)));
}

std::optional<std::string> FieldReader::string(std::string_view key) {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (auto const* text = value->if_string()) return std::string(*text);
  wrong_type(key, "a string", *value);
  return std::nullopt;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (auto const* number = value->if_int64(); number && *number >= min && *number <= max) return *number;
  if (value->is_int64() || value->is_uint64()) {
    // Never wrapped or truncated: a count of 4294967298 vCPUs is a broken answer, not 2.
    fail(key, "out of range: " + json::serialize(*value) + " (expected " + std::to_string(min) + " to " +
                  std::to_string(max) + ")");
    return std::nullopt;
  }
  wrong_type(key, "an integer", *value);
  return std::nullopt;
}

std::optional<double> FieldReader::number(std::string_view key) {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) return value->to_number<double>();
  wrong_type(key, "a number", *value);
  return std::nullopt;
}

json::object const* FieldReader::object(std::string_view key) {
  auto const* value = find(key);
  if (value == nullptr) return nullptr;
  if (auto const* inner = value->if_object()) return inner;
  wrong_type(key, "an object", *value);
  return nullptr;
}

}  // namespace polycloud::providers
