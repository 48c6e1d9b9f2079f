#include "output/record.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/core.h>

#include <array>
#include <cmath>

namespace polycloud::cli {

Record instance_record(Instance const& instance, bool with_raw) {
  Record record;
  fill_instance_record(record, instance, with_raw);
  return record;
}

void fill_instance_record(Record& record, Instance const& instance, bool with_raw) {
  // The values are written in place: a list refills one record per VM, and rebuilding it from a list of
  // fields (each variant copy-assigned) cost more than the values themselves.
  constexpr std::array<std::string_view, 17> keys{
      "provider", "type", "id", "name", "state", "raw_state", "region", "zone", "size", "vcpus", "memory_mb",
      "disk_gb", "image", "public_ips", "private_ips", "created_at", "tags"};
  constexpr std::string_view raw_key = "raw";
  // Whether the record is one this function filled with the same with_raw: the same key literals in the
  // same places (a created_record has as many fields, "adopted" where "raw" would be).
  auto const shaped = [&] {
    if (record.size() != keys.size() + (with_raw ? 1 : 0)) return false;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (record[i].key.data() != keys[i].data()) return false;
    return !with_raw || record.back().key.data() == raw_key.data();
  };
  if (!shaped()) {
    record.assign(keys.size() + (with_raw ? 1 : 0), Field{});
    for (std::size_t i = 0; i < keys.size(); ++i) record[i].key = keys[i];
    if (with_raw) record.back().key = raw_key;
  }
  std::size_t at = 0;
  // Each value assigned as its own type (not as a FieldValue): a variant holding that type already
  // takes it without a visit.
  auto const put = [&](auto value) { record[at++].value = value; };
  auto const text = [&](std::string const& value) {  // empty means unknown, as in to_json
    if (value.empty()) put(nullptr); else put(std::string_view(value));
  };
  auto const number = [&](auto const& value) {
    if (value) put(static_cast<std::int64_t>(*value)); else put(nullptr);
  };
  put(std::string_view(instance.provider));
  put(std::string_view(instance.provider_type));
  put(std::string_view(instance.id));
  text(instance.name);
  put(to_string(instance.state));
  text(instance.raw_state);
  text(instance.region);
  text(instance.zone);
  text(instance.size);
  number(instance.vcpus);
  number(instance.memory_mib);
  number(instance.disk_gb);
  text(instance.image);
  put(Ips{&instance.addresses, Address::Visibility::public_});
  put(Ips{&instance.addresses, Address::Visibility::private_});
  if (instance.created_at) put(Timestamp{*instance.created_at}); else put(nullptr);
  put(&instance.tags);
  if (with_raw) put(&instance.raw);
}

Record created_record(Instance const& instance, bool with_raw) {
  auto record = instance_record(instance, false);
  record.push_back({"adopted", instance.adopted});  // after the instance keys, before raw: create_layout's order
  if (with_raw) record.push_back({"raw", &instance.raw});
  return record;
}

std::string decimal_text(double number) {
  if (!std::isfinite(number)) return "null";  // never in a catalog (prices are checked), but JSON has no NaN
  return fmt::format("{}", number);
}

std::string cell_text(FieldValue const& value) {
  struct Visitor {
    std::string operator()(std::nullptr_t) const { return {}; }
    std::string operator()(std::string_view text) const { return std::string(text); }
    std::string operator()(std::string const& text) const { return text; }
    std::string operator()(std::int64_t number) const { return std::to_string(number); }
    std::string operator()(bool flag) const { return flag ? "true" : "false"; }
    std::string operator()(Decimal number) const { return decimal_text(number.value); }
    std::string operator()(Timestamp when) const { return format_rfc3339(when.time); }
    std::string operator()(std::vector<std::string> const& items) const {
      std::string out;
      for (auto const& item : items) {
        if (!out.empty()) out += ' ';  // appended piecewise: g++ 12 -O3 warns -Wrestrict falsely on a + b
        out += item;
      }
      return out;
    }
    std::string operator()(Ips ips) const {
      std::string out;
      for (auto const& address : *ips.addresses) {
        if (address.visibility != ips.visibility) continue;
        if (!out.empty()) out += ' ';
        out += address.ip;
      }
      return out;
    }
    std::string operator()(Tags const* tags) const {
      std::string out;
      for (auto const& [key, item] : *tags) out += (out.empty() ? "" : ";") + key + "=" + item;
      return out;
    }
    std::string operator()(boost::json::object const* object) const { return boost::json::serialize(*object); }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace polycloud::cli
