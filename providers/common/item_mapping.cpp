#include "providers/common/item_mapping.hpp"

namespace polycloud::providers {

bool JsonPath::is(std::initializer_list<std::string_view> keys) const noexcept {
  if (keys.size() != size_) return false;
  std::size_t i = 0;
  for (auto key : keys) {
    if (first_[i].is_index || first_[i].key != key) return false;
    ++i;
  }
  return true;
}

std::string JsonPath::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < size_; ++i) {
    if (first_[i].is_index) {
      out += '[';  // appended piecewise: g++ 12 -O3 warns -Wrestrict falsely on "[" + text
      out += std::to_string(first_[i].index);
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += first_[i].key;
    }
  }
  return out;
}

std::string_view JsonScalar::kind_name() const noexcept {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::int64:
    case Kind::uint64:
    case Kind::floating: return "number";
    case Kind::string: return "string";
  }
  return "value";
}

void ItemProblems::fail(JsonPath const& path, std::string_view what) {
  if (first_.empty()) first_ = path.to_string() + ": " + std::string(what);
}

void ItemProblems::fail(std::string_view what) {
  if (first_.empty()) first_ = std::string(what);
}

namespace {

std::string wrong_type(std::string_view expected, JsonScalar const& got) {
  return "expected " + std::string(expected) + ", got " + std::string(got.kind_name());
}

}  // namespace

std::optional<std::string_view> ItemProblems::not_a_string(JsonPath const& path, JsonScalar const& value) {
  if (!value.is_null()) fail(path, wrong_type("a string", value));
  return std::nullopt;
}

std::optional<std::int64_t> ItemProblems::not_an_integer(JsonPath const& path, JsonScalar const& value,
                                                         std::int64_t min, std::int64_t max) {
  using Kind = JsonScalar::Kind;
  if (value.kind == Kind::int64 || value.kind == Kind::uint64) {
    // Never wrapped or truncated: 4294967298 vCPUs is a broken answer, not 2.
    auto const shown = value.kind == Kind::int64 ? std::to_string(value.int64) : std::to_string(value.uint64);
    fail(path, "out of range: " + shown + " (expected " + std::to_string(min) + " to " + std::to_string(max) + ")");
    return std::nullopt;
  }
  if (!value.is_null()) fail(path, wrong_type("an integer", value));
  return std::nullopt;
}

std::optional<double> ItemProblems::other_number(JsonPath const& path, JsonScalar const& value) {
  switch (value.kind) {
    case JsonScalar::Kind::int64: return static_cast<double>(value.int64);
    case JsonScalar::Kind::uint64: return static_cast<double>(value.uint64);
    case JsonScalar::Kind::floating: return value.floating;
    case JsonScalar::Kind::null: return std::nullopt;
    default: fail(path, wrong_type("a number", value)); return std::nullopt;
  }
}

std::optional<bool> ItemProblems::boolean(JsonPath const& path, JsonScalar const& value) {
  if (value.kind == JsonScalar::Kind::boolean) return value.boolean;
  if (!value.is_null()) fail(path, wrong_type("a boolean", value));
  return std::nullopt;
}

}  // namespace polycloud::providers
