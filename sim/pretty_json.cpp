#include "sim/sandbox.hpp"

#include <boost/json.hpp>

namespace polycloud::sim {
namespace {

void print(boost::json::value const& value, std::string& out, std::size_t depth) {
  std::string const indent(2 * (depth + 1), ' ');
  std::string const closing(2 * depth, ' ');
  if (auto const* object = value.if_object(); object != nullptr && !object->empty()) {
    out += "{\n";
    bool first = true;
    for (auto const& [key, child] : *object) {
      if (!first) out += ",\n";
      first = false;
      out += indent + boost::json::serialize(boost::json::string(key)) + ": ";
      print(child, out, depth + 1);
    }
    out += "\n" + closing + "}";
  } else if (auto const* array = value.if_array(); array != nullptr && !array->empty()) {
    out += "[\n";
    bool first = true;
    for (auto const& child : *array) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      print(child, out, depth + 1);
    }
    out += "\n" + closing + "]";
  } else {
    out += boost::json::serialize(value);  // scalars and empty containers
  }
}

}  // namespace

std::string pretty_json(boost::json::value const& value) {
  std::string out;
  print(value, out, 0);
  out += '\n';
  return out;
}

}  // namespace polycloud::sim
