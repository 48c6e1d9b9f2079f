#pragma once
// One output record as (key, value) views, in key order. Every format writes from this directly, so
// no JSON DOM is built just to print (issue 9: a DOM per instance cost 16 % of the CLI's CPU).
#include <polycloud/instance.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace polycloud::cli {

using Tags = std::map<std::string, std::string>;

/// A number that need not be whole (a price), written as its shortest round-trip form ("0.01786").
/// A type of its own, so that an integer never converts to it by accident.
struct Decimal {
  double value = 0;
};

/// An instance's addresses of one visibility, read in place as a list of strings (Instance::public_ips()
/// without its vector and string copies: two of them per VM were a visible share of a list's CPU).
struct Ips {
  std::vector<Address> const* addresses = nullptr;
  Address::Visibility visibility = Address::Visibility::public_;
};

/// A time, printed as its RFC 3339 text (format_rfc3339) where it is written: no string is made for it
/// per VM.
struct Timestamp {
  std::chrono::sys_seconds time;
};

/// null, a string (borrowed or owned), an integer, a boolean, a decimal, a time, a list of strings (owned,
/// or an instance's IPs), tags, or a provider's own object.
using FieldValue = std::variant<std::nullptr_t, std::string_view, std::string, std::int64_t, bool, Decimal, Timestamp,
                                std::vector<std::string>, Ips, Tags const*, boost::json::object const*>;

/// The shortest text that reads back as `number` ("0.01786", "12").
std::string decimal_text(double number);

struct Field {
  std::string_view key;  ///< a literal, or a key owned by the record's layout
  FieldValue value;
};

/// Borrows from what it was built from: print it before that goes away.
using Record = std::vector<Field>;

/// The keys and values of polycloud::to_json(instance), in its order; `with_raw` appends "raw".
Record instance_record(Instance const& instance, bool with_raw);
/// The same into `record`, whose room is reused: a list fills one Record for every VM it prints.
void fill_instance_record(Record& record, Instance const& instance, bool with_raw);

/// instance_record plus "adopted" (Instance::adopted): how create prints the VM it made or adopted.
Record created_record(Instance const& instance, bool with_raw);

/// The value as one table/csv cell: null is empty, lists join with spaces, tags as k=v;k=v, a
/// provider's object as compact JSON. Control characters are not yet made visible here.
std::string cell_text(FieldValue const& value);

}  // namespace polycloud::cli
