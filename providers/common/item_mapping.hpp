#pragma once
// The seam between the streaming parser and an adapter: the parser walks a list body (or a single
// object) event by event and tells the adapter's ItemMapping each scalar with its path inside the
// item; the mapping fills an Instance directly. No DOM, no body string.
//
// Paths are relative to the item: for {"network": {"public_ip": "1.2.3.4"}} the scalar "1.2.3.4"
// arrives with path ["network", "public_ip"]; array elements have index segments
// (["ip_addresses", 0, "address"]).

#include <polycloud/instance.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// One step of a path: an object key or an array index.
struct PathSegment {
  std::string key;          ///< empty for an array element
  std::size_t index = 0;    ///< the element's position, for an array element
  bool is_index = false;
};

/// The path of a value inside the current item (a view over the parser's stack; do not keep it).
class JsonPath {
 public:
  JsonPath(PathSegment const* first, std::size_t size) noexcept : first_(first), size_(size) {}

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// The key at `i`, or "" for an index segment or past the end.
  std::string_view key(std::size_t i) const noexcept {
    return i < size_ && !first_[i].is_index ? std::string_view(first_[i].key) : std::string_view();
  }
  bool is_index(std::size_t i) const noexcept { return i < size_ && first_[i].is_index; }
  std::size_t index(std::size_t i) const noexcept { return i < size_ ? first_[i].index : 0; }
  /// The last key ("" when the value is an array element).
  std::string_view last_key() const noexcept { return size_ == 0 ? std::string_view() : key(size_ - 1); }
  /// True when the path is exactly these keys (no index segments).
  bool is(std::initializer_list<std::string_view> keys) const noexcept;
  /// "network.public_ip", "ip_addresses[0].address": for messages.
  std::string to_string() const;

 private:
  PathSegment const* first_;
  std::size_t size_;
};

/// A scalar JSON value as the parser saw it.
struct JsonScalar {
  enum class Kind { null, boolean, int64, uint64, floating, string };
  Kind kind = Kind::null;
  bool boolean = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double floating = 0;
  std::string_view text;  ///< the string's value (valid only during the call)

  bool is_null() const noexcept { return kind == Kind::null; }
  std::string_view kind_name() const noexcept;  ///< "null", "boolean", "number", "string"
};

/// Collects the first mapping problem of an item, with its path.
class ItemProblems {
 public:
  void fail(JsonPath const& path, std::string_view what);
  void fail(std::string_view what);
  bool any() const noexcept { return !first_.empty(); }
  std::string const& first() const noexcept { return first_; }
  void clear() noexcept { first_.clear(); }

  // Typed reads that record a problem on a wrong type or a value out of range; null reads as empty.
  std::optional<std::string_view> string(JsonPath const& path, JsonScalar const& value);
  std::optional<std::int64_t> integer(JsonPath const& path, JsonScalar const& value,
                                      std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max());
  /// An integer or a floating-point number.
  std::optional<double> number(JsonPath const& path, JsonScalar const& value);
  std::optional<bool> boolean(JsonPath const& path, JsonScalar const& value);

 private:
  std::string first_;
};

/// An adapter's mapping of one provider VM object onto Instance, driven by parse events.
/// One ItemMapping serves one stream at a time; it may keep per-item state (reset in begin()).
class ItemMapping {
 public:
  virtual ~ItemMapping() = default;
  /// A new item starts; `instance` is fresh, with provider and provider_type set.
  virtual void begin(Instance& instance) = 0;
  /// A scalar at `path` inside the item.
  virtual void scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) = 0;
  /// An object or array at `path` closed (e.g. one address entry is complete). Default: nothing.
  virtual void closed(JsonPath const& path, Instance& instance, ItemProblems& problems);
  /// The item is complete: check what must be there (an id), derive what depends on several fields.
  virtual void end(Instance& instance, ItemProblems& problems) = 0;
};

}  // namespace polycloud::providers
