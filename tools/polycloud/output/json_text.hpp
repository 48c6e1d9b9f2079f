#pragma once
// Records written as JSON text straight from their values: strings are escaped by Boost.JSON's own
// serializer, so the bytes equal boost::json::serialize(to_json(instance)) in compact form.
#include "output/record.hpp"

#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

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

 private:
  void append_string(std::string& out, std::string_view text);
  void append_value(std::string& out, FieldValue const& value, int depth);
  void append_json(std::string& out, boost::json::value const& value, int depth);
  void append_object(std::string& out, boost::json::object const& object, int depth);
  /// Before the n-th member or element of a container at `depth`.
  void separator(std::string& out, std::size_t n, int depth) const;
  /// Closes a container at `depth` that held `count` members.
  void close(std::string& out, char bracket, std::size_t count, int depth) const;

  bool pretty_;
  boost::json::serializer serializer_;
  std::vector<std::string> keys_;
  /// Compact form: what precedes each value, `{"provider":` then `,"type":`…
  std::vector<std::string> key_texts_;
};

}  // namespace polycloud::cli
