#pragma once
// Prints records (JSON objects with a fixed key order) in the chosen format. Every command's
// stdout goes through here, so the formats behave the same for instances, providers and actions.
#include "arguments.hpp"
#include "table.hpp"

#include <polycloud/instance.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace polycloud::cli {

struct RecordLayout {
  std::vector<std::string> keys;  ///< every key, in csv order
  struct Column {
    std::string key;
    TableColumn column;
  };
  std::vector<Column> table;  ///< the table's columns (a subset of keys)
};

/// The layout of an instance record (polycloud::to_json keys).
RecordLayout const& instance_layout();

class RecordPrinter {
 public:
  /// `single`: the command prints exactly one record (get, create): json prints an object, not an
  /// array, and the table is a key/value listing.
  RecordPrinter(OutputFormat format, RecordLayout const& layout, bool single = false);
  /// ndjson records are printed at once (streamed); the other formats print on finish().
  void add(boost::json::object record);
  void finish();

 private:
  OutputFormat format_;
  RecordLayout const& layout_;
  bool single_;
  std::vector<boost::json::object> records_;
};

/// Prints one instance as the single record of a command (get, create).
void print_instance(OutputFormat format, Instance const& instance);

/// A value as one table/csv cell: null is empty, arrays join with spaces, objects as k=v;k=v.
std::string cell_text(boost::json::value const& value);

}  // namespace polycloud::cli
