#pragma once
// One output record as (key, value) views, in key order. Every format writes from this directly, so
// no JSON DOM is built just to print (issue 9: a DOM per instance cost 16 % of the CLI's CPU).
#include <polycloud/instance.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace polycloud::cli {

using Tags = std::map<std::string, std::string>;

/// null, a string (borrowed or owned), an integer, a boolean, a list of strings, tags, or a provider's own object.
using FieldValue = std::variant<std::nullptr_t, std::string_view, std::string, std::int64_t, bool,
                                std::vector<std::string>, Tags const*, boost::json::object const*>;

struct Field {
  std::string_view key;  ///< a literal, or a key owned by the record's layout
  FieldValue value;
};

/// Borrows from what it was built from: print it before that goes away.
using Record = std::vector<Field>;

/// The keys and values of polycloud::to_json(instance), in its order; `with_raw` appends "raw".
Record instance_record(Instance const& instance, bool with_raw);

/// instance_record plus "adopted" (Instance::adopted): how create prints the VM it made or adopted.
Record created_record(Instance const& instance, bool with_raw);

/// The value as one table/csv cell: null is empty, lists join with spaces, tags as k=v;k=v, a
/// provider's object as compact JSON. Control characters are not yet made visible here.
std::string cell_text(FieldValue const& value);

}  // namespace polycloud::cli
