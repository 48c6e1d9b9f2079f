#include "sim/katapult/list_text.hpp"

#include "sim/katapult/catalog.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace polycloud::sim::katapult {
namespace {

namespace json = boost::json;

/// The parts every generated VM shares with others, serialized once from the same builders the
/// documents use, so they cannot differ from the DOM path.
struct Fragments {
  std::array<std::string, kZones.size()> zones;
  std::array<std::string, kPackages.size()> packages;  // the list form: {"name": …}
  std::string gpu_type;
  std::array<std::string, kHypervisors> hypervisors;

  Fragments() {
    for (std::size_t i = 0; i < kZones.size(); ++i) zones[i] = json::serialize(zone_json(kZones[i]));
    for (std::size_t i = 0; i < kPackages.size(); ++i) {
      packages[i] = json::serialize(json::object{{"name", kPackages[i].name}});
    }
    gpu_type = json::serialize(gpu_type_json());
    for (std::size_t host = 0; host < kHypervisors; ++host) hypervisors[host] = json::serialize(hypervisor_json(host));
  }
};

Fragments const& fragments() {
  static Fragments const built;
  return built;
}

/// A JSON string as Boost.JSON writes it: raw UTF-8 inside quotes when nothing needs escaping (every
/// generated value), Boost.JSON's own serializer otherwise (an organization's sub-domain could).
bool plain(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  });
}

void append_string(std::string& out, std::string_view text) {
  if (!plain(text)) {
    out += json::serialize(json::string_view(text.data(), text.size()));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  auto const end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

std::string_view or_null(bool present, std::string const& text) { return present ? std::string_view(text) : "null"; }

void append_address(std::string& out, std::string const& address) {
  out += "{\"address\":";
  append_string(out, address);
  out += '}';
}

}  // namespace

// The keys and their order are list_item's (vm_data.cpp); the values generate_vm's.
void append_generated_list_item(std::string& out, std::uint64_t seed, std::size_t index,
                                Organization const& organization) {
  auto const& parts = fragments();
  auto const vm = generated_vm(seed, index);
  // Ids, hostnames and fqdns never need escaping (base 62, "vm-<index>"), unless the organization's
  // sub-domain does: written in place, with no string per value.
  out += "{\"id\":\"";
  auto const id_at = out.size();
  append_vm_id(out, seed, index);
  bool const placed = placed_on_hypervisor(vm.state);
  auto const host = placed ? hypervisor_of(std::string_view(out).substr(id_at)) : 0;
  out += "\",\"name\":";
  append_string(out, generated_name(index));
  char digits[24];
  std::string_view const number(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, index).ptr - digits));
  out += ",\"hostname\":\"vm-";
  out += number;
  out += "\",\"fqdn\":";
  if (plain(organization.sub_domain)) {
    out += "\"vm-";
    out += number;
    out += '.';
    out += organization.sub_domain;
    out += ".kpult.cloud\"";
  } else {
    append_string(out, fqdn(generated_hostname(index), organization));
  }
  out += ",\"created_at\":";
  append_integer(out, vm.created_at);
  out += ",\"zone\":";
  out += parts.zones[static_cast<std::size_t>(vm.zone - kZones.data())];
  out += ",\"package\":";
  out += vm.package != nullptr ? std::string_view(parts.packages[static_cast<std::size_t>(vm.package - kPackages.data())])
                               : std::string_view("null");
  out += ",\"gpu_type\":";
  out += or_null(vm.gpu, parts.gpu_type);
  out += ",\"ip_addresses\":[";
  if (vm.addressed) {
    append_address(out, ipv4_address(*vm.zone, index));
    if (vm.ipv6) {
      out += ',';
      append_address(out, ipv6_address(*vm.zone, index));
    }
  }
  out += "],\"hypervisor\":";
  out += or_null(placed, parts.hypervisors[host]);
  out += '}';
}

}  // namespace polycloud::sim::katapult
