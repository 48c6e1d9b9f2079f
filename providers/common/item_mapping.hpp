#pragma once
// The seam between the streaming parser and an adapter: the parser walks a list body (or a single
// object) event by event and tells the adapter's ItemMapping each scalar with its path inside the
// item; the mapping fills an Instance directly. No DOM, no body string.
//
// Paths are relative to the item: for {"network": {"public_ip": "1.2.3.4"}} the scalar "1.2.3.4"
// arrives with path ["network", "public_ip"]; array elements have index segments
// (["ip_addresses", 0, "address"]).
//
// A mapping that declares the paths it reads (fields(), an ItemFields) is called only for those, with
// its own id for each (JsonPath::field()), and the stream skips the rest; one that declares nothing is
// called for every scalar and every closed container of the item.

#include "providers/common/item_fields.hpp"

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
  std::string_view key;     ///< empty for an array element; points at `text` or at an ItemFields' own text
  std::string text;         ///< the key's copy, when no ItemFields holds it (an envelope, any_key, no fields)
  std::size_t index = 0;    ///< the element's position, for an array element
  bool is_index = false;
};

/// The path of a value inside the current item (a view over the parser's stack; do not keep it).
class JsonPath {
 public:
  JsonPath(PathSegment const* first, std::size_t size, int field = ItemFields::no_field) noexcept
      : first_(first), size_(size), field_(field) {}

  /// The mapping's id for this path (ItemFields::Field::id); no_field when the mapping declares none.
  int field() const noexcept { return field_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// The key at `i`, or "" for an index segment or past the end.
  std::string_view key(std::size_t i) const noexcept {
    return i < size_ && !first_[i].is_index ? first_[i].key : std::string_view();
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
  int field_;
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
  // The expected case is inline (it runs for every mapped value); the rest is out of line.
  std::optional<std::string_view> string(JsonPath const& path, JsonScalar const& value) {
    if (value.kind == JsonScalar::Kind::string) return value.text;
    return not_a_string(path, value);
  }
  /// A string value into `out`; on a wrong type the problem is recorded and `out` left as it was.
  void assign_string(JsonPath const& path, JsonScalar const& value, std::string& out) {
    if (auto read = string(path, value)) out.assign(*read);
  }
  std::optional<std::int64_t> integer(JsonPath const& path, JsonScalar const& value,
                                      std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    if (value.kind == JsonScalar::Kind::int64 && value.int64 >= min && value.int64 <= max) return value.int64;
    return not_an_integer(path, value, min, max);
  }
  /// An integer or a floating-point number.
  std::optional<double> number(JsonPath const& path, JsonScalar const& value) {
    if (value.kind == JsonScalar::Kind::floating) return value.floating;
    if (value.kind == JsonScalar::Kind::int64) return static_cast<double>(value.int64);
    return other_number(path, value);
  }
  std::optional<bool> boolean(JsonPath const& path, JsonScalar const& value);

 private:
  std::optional<std::string_view> not_a_string(JsonPath const& path, JsonScalar const& value);
  std::optional<std::int64_t> not_an_integer(JsonPath const& path, JsonScalar const& value, std::int64_t min,
                                             std::int64_t max);
  std::optional<double> other_number(JsonPath const& path, JsonScalar const& value);

  std::string first_;
};

/// An adapter's mapping of one provider object onto a neutral item, driven by parse events: a VM onto
/// an Instance (ItemMapping), a catalog entry onto a Size, Image or Region (catalog_mapping.hpp).
/// One mapping serves one stream at a time; it may keep per-item state (reset in begin()).
template <class Item>
class BasicItemMapping {
 public:
  virtual ~BasicItemMapping() = default;
  /// The paths this mapping reads; nullptr (the default): every scalar and closed container. The
  /// object must outlive every stream using the mapping (a static, usually).
  virtual ItemFields const* fields() const noexcept { return nullptr; }
  /// A new item starts; `item` is fresh (an Instance has provider and provider_type set).
  virtual void begin(Item& item) = 0;
  /// A scalar at `path` inside the item (with fields(): at a declared field only).
  virtual void scalar(JsonPath const& path, JsonScalar const& value, Item& item, ItemProblems& problems) = 0;
  /// An object or array at `path` closed (e.g. one address entry is complete); with fields(), only
  /// for a container declared as a field. Default: nothing.
  virtual void closed(JsonPath const&, Item&, ItemProblems&) {}
  /// The item is complete: check what must be there (an id), derive what depends on several fields.
  /// Instance::raw is already filled when it was asked for, so a mapping may redact a credential in it.
  virtual void end(Item& item, ItemProblems& problems) = 0;
};

/// The VM mapping every adapter has.
using ItemMapping = BasicItemMapping<Instance>;

}  // namespace polycloud::providers

/// The overrides of a mapping that declares its fields, declared once: an adapter's mapping says
///   class PackageMapping final : public providers::BasicItemMapping<Size> {
///    public:
///     POLYCLOUD_ITEM_MAPPING_OPERATIONS(Size)
/// and defines fields, begin, scalar and end in its .cpp.
#define POLYCLOUD_ITEM_MAPPING_OPERATIONS(Item)                                                                  \
  ::polycloud::providers::ItemFields const* fields() const noexcept override;                                    \
  void begin(Item& item) override;                                                                               \
  void scalar(::polycloud::providers::JsonPath const& path, ::polycloud::providers::JsonScalar const& value,     \
              Item& item, ::polycloud::providers::ItemProblems& problems) override;                              \
  void end(Item& item, ::polycloud::providers::ItemProblems& problems) override;

namespace polycloud::providers {

}  // namespace polycloud::providers
