#include "output/record.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/core.h>

#include <cmath>

namespace polycloud::cli {

namespace {
/// Empty means unknown, as in to_json.
FieldValue text_or_null(std::string const& text) {
  if (text.empty()) return nullptr;
  return std::string_view(text);
}

template <class T>
FieldValue number_or_null(std::optional<T> const& value) {
  if (!value) return nullptr;
  return static_cast<std::int64_t>(*value);
}
}  // namespace

Record instance_record(Instance const& instance, bool with_raw) {
  Record record;
  fill_instance_record(record, instance, with_raw);
  return record;
}

void fill_instance_record(Record& record, Instance const& instance, bool with_raw) {
  record.assign({
      {"provider", std::string_view(instance.provider)},
      {"type", std::string_view(instance.provider_type)},
      {"id", std::string_view(instance.id)},
      {"name", text_or_null(instance.name)},
      {"state", to_string(instance.state)},
      {"raw_state", text_or_null(instance.raw_state)},
      {"region", text_or_null(instance.region)},
      {"zone", text_or_null(instance.zone)},
      {"size", text_or_null(instance.size)},
      {"vcpus", number_or_null(instance.vcpus)},
      {"memory_mb", number_or_null(instance.memory_mib)},
      {"disk_gb", number_or_null(instance.disk_gb)},
      {"image", text_or_null(instance.image)},
      {"public_ips", Ips{&instance.addresses, Address::Visibility::public_}},
      {"private_ips", Ips{&instance.addresses, Address::Visibility::private_}},
      {"created_at", instance.created_at ? FieldValue(format_rfc3339(*instance.created_at)) : FieldValue(nullptr)},
      {"tags", &instance.tags},
  });
  if (with_raw) record.push_back({"raw", &instance.raw});
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
