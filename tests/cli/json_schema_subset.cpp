#include "json_schema_subset.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

namespace json = boost::json;

namespace {

bool has_type(json::value const& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_int64() || value.is_uint64();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_bool();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

class Checker {
 public:
  std::vector<std::string> found;

  void check(json::object const& schema, json::value const& value, std::string const& path) {
    static std::set<std::string> const annotations{"$schema", "$id", "title", "description", "format"};
    for (auto const& [keyword, rule] : schema) {
      std::string const name(keyword);
      if (annotations.contains(name)) continue;
      if (name == "type") type(rule, value, path);
      else if (name == "enum") one_of(rule.as_array(), value, path);
      else if (name == "required") required(rule.as_array(), value, path);
      else if (name == "properties" || name == "additionalProperties") members(schema, value, path);
      else if (name == "items") items(rule.as_object(), value, path);
      else if (name == "minLength") {
        if (value.is_string() && value.as_string().size() < static_cast<std::size_t>(rule.to_number<std::int64_t>()))
          found.push_back(path + ": shorter than " + json::serialize(rule));
      } else if (name == "minimum") {
        if (value.is_number() && value.to_number<double>() < rule.to_number<double>())
          found.push_back(path + ": below " + json::serialize(rule));
      } else {
        found.push_back(path + ": keyword \"" + name + "\" is outside the checked subset");
      }
    }
  }

 private:
  void type(json::value const& rule, json::value const& value, std::string const& path) {
    std::vector<std::string> types;
    if (rule.is_string()) types.emplace_back(rule.as_string());
    else for (auto const& t : rule.as_array()) types.emplace_back(t.as_string());
    if (std::any_of(types.begin(), types.end(), [&](auto const& t) { return has_type(value, t); })) return;
    std::string wanted;
    for (auto const& t : types) wanted += (wanted.empty() ? "" : "|") + t;
    found.push_back(path + ": type " + wanted + ", got " + json::serialize(value));
  }
  void one_of(json::array const& allowed, json::value const& value, std::string const& path) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      found.push_back(path + ": " + json::serialize(value) + " is not in " + json::serialize(allowed));
  }
  void required(json::array const& keys, json::value const& value, std::string const& path) {
    if (!value.is_object()) return;
    for (auto const& key : keys)
      if (!value.as_object().contains(key.as_string())) found.push_back(path + ": missing " + json::serialize(key));
  }
  /// properties and additionalProperties together (called once per keyword; the second call is skipped).
  void members(json::object const& schema, json::value const& value, std::string const& path) {
    if (!value.is_object() || !checked_members_.insert(&value).second) return;
    auto const* properties = schema.if_contains("properties");
    auto const* others = schema.if_contains("additionalProperties");
    for (auto const& [key, member] : value.as_object()) {
      auto const at = path + "." + std::string(key);
      if (auto const* own = properties ? properties->as_object().if_contains(key) : nullptr) {
        check(own->as_object(), member, at);
      } else if (others && others->is_bool() && !others->as_bool()) {
        found.push_back(at + ": not a key the schema allows");
      } else if (others && others->is_object()) {
        check(others->as_object(), member, at);
      }
    }
  }
  void items(json::object const& rule, json::value const& value, std::string const& path) {
    if (!value.is_array()) return;
    for (std::size_t i = 0; i < value.as_array().size(); ++i)
      check(rule, value.as_array()[i], path + "[" + std::to_string(i) + "]");
  }

  std::set<json::value const*> checked_members_;
};

}  // namespace

std::vector<std::string> schema_violations(json::value const& schema, json::value const& instance,
                                           std::string const& path) {
  Checker checker;
  checker.check(schema.as_object(), instance, path);
  return checker.found;
}
