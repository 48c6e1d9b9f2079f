#pragma once
// Records written as JSON text straight from their values: strings are escaped by Boost.JSON's own
// serializer, so the bytes equal boost::json::serialize(to_json(instance)) in compact form.
#include "output/record.hpp"

#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

class JsonText {
 public:
  /// `pretty`: two-space indentation and "key": value, for a person at a terminal.
  explicit JsonText(bool pretty) : pretty_(pretty) {}

  bool pretty() const noexcept { return pretty_; }
  /// The keys of every object append_fields(out, values) writes from now on (a printer's never change):
  /// their text is made once here, not escaped again for every record.
  void set_keys(std::vector<std::string> keys);
  /// Appends one object of keys[i]: *values[i] (null for a null pointer), values in set_keys' order;
  /// `depth` is its indentation level when pretty.
  void append_fields(std::string& out, std::vector<FieldValue const*> const& values, int depth = 0);
  /// set_keys(keys), then append_fields(out, values, depth).
  void append_fields(std::string& out, std::vector<std::string> const& keys,
                     std::vector<FieldValue const*> const& values, int depth = 0);
  /// Compact only: the object append_fields writes for fill_instance_record's record under
  /// instance_layout()'s keys (no raw), byte for byte, written from the Instance itself. A list prints
  /// one per VM: the record in between (a variant per key, a visit per value) was 5 % of its instructions.
  void append_instance(std::string& out, Instance const& instance);

 private:
  class Writer;  // json_text.cpp: writes past the end of the caller's string through a pointer
  void append_string(Writer& out, std::string_view text);
  /// A string that needs escapes (or a terminal's care): out of line, so that the common case keeps no
  /// serializer buffer in its stack frame.
  [[gnu::noinline]] void append_escaped(Writer& out, std::string_view text);
  void append_value(Writer& out, FieldValue const& value, int depth);
  // The values append_value and append_instance both write.
  void append_integer(Writer& out, std::int64_t number);
  void append_time(Writer& out, std::chrono::sys_seconds time);
  void append_ips(Writer& out, Ips ips, int depth);
  void append_tags(Writer& out, Tags const& tags, int depth);
  /// A non-empty string as itself, an empty one as null (to_json's "unknown").
  void append_text_or_null(Writer& out, std::string const& text);
  void append_json(Writer& out, boost::json::value const& value, int depth);
  void append_object(Writer& out, boost::json::object const& object, int depth);
  /// Before the n-th member or element of a container at `depth`.
  void separator(Writer& out, std::size_t n, int depth) const;
  /// Closes a container at `depth` that held `count` members.
  void close(Writer& out, char bracket, std::size_t count, int depth) const;

  bool pretty_;
  boost::json::serializer serializer_;
  std::vector<std::string> keys_;
  /// Compact form: what precedes each value, `{"provider":` then `,"type":`…
  std::vector<std::string> key_texts_;
  /// append_instance's text up to the id's value, for the provider and type it was made for.
  std::string instance_prefix_;
  std::string prefix_provider_;
  std::string prefix_type_;
  bool prefix_made_ = false;
  /// The room made at once for the next object: about what the one before took.
  std::size_t object_room_ = 1024;
};

}  // namespace polycloud::cli
