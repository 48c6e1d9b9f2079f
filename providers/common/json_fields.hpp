#pragma once
// Typed reads of optional JSON fields. A field that is absent or null reads as empty; a field of the
// wrong type is recorded (the first one only) so a mapping can report "network.public_ip: expected a
// string, got number" instead of guessing.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::providers {

class FieldReader {
 public:
  /// `path` prefixes field names in problems ("vms[3]"); empty for a top-level object.
  FieldReader(boost::json::object const& object, std::string path);

  std::optional<std::string> string(std::string_view key);
  /// An integer within [min, max]; anything outside is a problem ("out of range"), never a wrapped value.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max());
  /// An integer or a floating-point number (OpenScaler prints 12 and 12.0 for the same price).
  std::optional<double> number(std::string_view key);
  boost::json::object const* object(std::string_view key);

  /// Records a problem found by the caller (e.g. a value of the right type but a bad shape).
  void fail(std::string_view key, std::string_view what);
  std::string path_of(std::string_view key) const;

  /// The first problem seen, empty when every read matched its type.
  std::string const& problem() const noexcept { return problem_; }

 private:
  boost::json::value const* find(std::string_view key) const;
  void wrong_type(std::string_view key, std::string_view expected, boost::json::value const& got);

  boost::json::object const& object_;
  std::string path_;
  std::string problem_;
};

/// "string", "number", "object"… for messages.
std::string_view json_kind_name(boost::json::value const& value) noexcept;

}  // namespace polycloud::providers
