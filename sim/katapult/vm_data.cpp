#include "sim/katapult/vm_data.hpp"

#include "sim/katapult/catalog.hpp"
#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace polycloud::sim::katapult {
namespace {

namespace json = boost::json;

constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kIndexDigits = 8;
// Names a client must carry through untouched: Cyrillic, Japanese, accented Latin, an emoji.
constexpr std::array<char const*, 5> kNames{"web", "сервер", "サーバー", "café-crème", "rocket-🚀"};
constexpr std::array<char const*, 3> kRoles{"web", "db", "cache"};
constexpr std::array<char const*, 2> kEnvironments{"production", "staging"};
constexpr std::array<char const*, 3> kTags{"production", "backup", "ünïcode"};

}  // namespace

std::string ipv4_address(Zone const& zone, std::size_t index) {
  return zone.ipv4_prefix + std::to_string(2 + index % 250);
}

std::string ipv6_address(Zone const& zone, std::size_t index) {
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "%zx::%zx", (index >> 16) & 0xffff, index & 0xffff);
  return zone.ipv6_prefix + std::string(suffix);
}

namespace {

json::object zone_object(Zone const& zone) {
  return {{"id", zone.id},
          {"name", zone.name},
          {"permalink", zone.permalink},
          {"data_center",
           json::object{{"id", zone.dc_id},
                        {"name", zone.dc_name},
                        {"permalink", zone.dc_permalink},
                        {"country", json::object{{"id", zone.country_id},
                                                 {"name", zone.country_name},
                                                 {"iso_code2", zone.iso2},
                                                 {"iso_code3", zone.iso3},
                                                 {"time_zone", zone.time_zone},
                                                 {"eu", zone.eu}}}}}};
}

json::object package_json(Package const& package) {
  return {{"id", package.id},
          {"name", package.name},
          {"permalink", package.permalink},
          {"cpu_cores", package.cpu_cores},
          {"memory_in_gb", package.memory_in_gb},
          {"storage_in_gb", package.storage_in_gb}};
}

json::object ip_address(std::string address, std::string const& reverse_dns, std::string_view mask, std::uint64_t id) {
  return {{"id", "ip_" + base62(id, 12)},
          {"address", address},
          {"reverse_dns", reverse_dns},
          {"address_with_mask", address + std::string(mask)},
          {"network", json::object{{"id", "netw_zDW7KYAeqqfRfVag"}, {"name", "Public Network"},
                                   {"permalink", "public"}}}};
}

json::array ip_addresses(Zone const& zone, std::size_t index, std::string const& fqdn, bool with_ipv6) {
  json::array addresses;
  addresses.push_back(ip_address(ipv4_address(zone, index), fqdn, "/24", index * 2));
  if (with_ipv6) addresses.push_back(ip_address(ipv6_address(zone, index), fqdn, "/64", index * 2 + 1));
  return addresses;
}

json::array tags_json(std::vector<std::string> const& names) {
  json::array tags;
  for (auto const& name : names) {
    tags.push_back(json::object{{"id", "tag_" + base62(std::hash<std::string>{}(name), 10)},
                                {"name", name},
                                {"color", "blue"}});
  }
  return tags;
}

// The fields every VM has, in the order of the list page.
json::object vm_document(std::string id, std::string name, std::string const& hostname, Organization const& org,
                         std::int64_t created_at, Zone const& zone, Package const* package, int custom_cores) {
  std::string const full_name = fqdn(hostname, org);
  json::object vm{{"id", std::move(id)},
                  {"name", std::move(name)},
                  {"hostname", hostname},
                  {"fqdn", full_name},
                  {"description", nullptr},
                  {"created_at", created_at},
                  {"initial_root_password", nullptr},
                  {"state", "started"},
                  {"zone", zone_object(zone)},
                  {"organization",
                   json::object{{"id", org.id}, {"name", org.name}, {"sub_domain", org.sub_domain}}},
                  {"group", nullptr},
                  {"package", package != nullptr ? json::value(package_json(*package)) : json::value(nullptr)},
                  {"attached_iso", nullptr},
                  {"cpu_cores", package != nullptr ? package->cpu_cores : custom_cores},
                  {"memory_in_gb", package != nullptr ? package->memory_in_gb : custom_cores * 4},
                  {"use_dedicated_cpus", false},
                  {"gpu_type", nullptr},
                  {"gpus", json::array{}},
                  {"ip_addresses", json::array{}},
                  {"hypervisor", nullptr},
                  {"tags", json::array{}},
                  {"tag_names", json::array{}}};
  return vm;
}

}  // namespace

void append_base62(std::string& out, std::uint64_t value, std::size_t width) {
  auto const at = out.size();
  out.append(width, '0');
  for (std::size_t i = width; i-- > 0 && value != 0; value /= kDigits.size()) out[at + i] = kDigits[value % kDigits.size()];
}

std::string base62(std::uint64_t value, std::size_t width) {
  std::string text;
  append_base62(text, value, width);
  return text;
}

void append_vm_id(std::string& out, std::uint64_t seed, std::size_t index) {
  out += "vm_";
  append_base62(out, mix(seed, index, 21), 8);
  append_base62(out, index, kIndexDigits);
}

std::string vm_id(std::uint64_t seed, std::size_t index) {
  std::string id;
  append_vm_id(id, seed, index);
  return id;
}

std::optional<std::size_t> vm_index(std::uint64_t seed, std::string_view id) {
  if (id.size() != 3 + 8 + kIndexDigits || !id.starts_with("vm_")) return std::nullopt;
  std::size_t index = 0;
  for (char const c : id.substr(id.size() - kIndexDigits)) {
    auto const digit = kDigits.find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    index = index * kDigits.size() + digit;
  }
  if (vm_id(seed, index) != id) return std::nullopt;
  return index;
}

std::string generated_hostname(std::size_t index) { return "vm-" + std::to_string(index); }

std::optional<std::size_t> generated_hostname_index(std::string_view hostname) {
  if (!hostname.starts_with("vm-")) return std::nullopt;
  std::size_t index = 0;
  auto const digits = hostname.substr(3);
  auto const [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (ec != std::errc{} || end != digits.data() + digits.size() || generated_hostname(index) != hostname) {
    return std::nullopt;
  }
  return index;
}

std::string fqdn(std::string_view hostname, Organization const& organization) {
  return std::string(hostname) + "." + organization.sub_domain + ".kpult.cloud";
}

Annotations generated_annotations(std::uint64_t seed, std::size_t index) {
  Annotations annotations{{"role", kRoles[index % kRoles.size()]},
                          {"env", kEnvironments[(index / kRoles.size()) % kEnvironments.size()]}};
  if (mix(seed, index, 23) % 4 == 0) annotations.emplace_back("owner", "zoë");
  return annotations;
}

json::array annotations_json(Annotations const& annotations) {
  json::array out;
  for (auto const& [key, value] : annotations) out.push_back(json::object{{"key", key}, {"value", value}});
  return out;
}

std::optional<std::size_t> find_zone(json::object const* zone, json::object const* data_center) {
  auto matches = [](json::object const* lookup, char const* id, char const* permalink) {
    if (lookup == nullptr) return false;
    auto const* by_id = lookup->if_contains("id");
    auto const* by_permalink = lookup->if_contains("permalink");
    return (by_id != nullptr && by_id->is_string() && by_id->get_string() == id) ||
           (by_permalink != nullptr && by_permalink->is_string() && by_permalink->get_string() == permalink);
  };
  for (std::size_t i = 0; i < kZones.size(); ++i) {
    if (matches(zone, kZones[i].id, kZones[i].permalink) ||
        matches(data_center, kZones[i].dc_id, kZones[i].dc_permalink)) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> find_package(json::object const& lookup) {
  auto const* by_id = lookup.if_contains("id");
  auto const* by_permalink = lookup.if_contains("permalink");
  for (std::size_t i = 0; i < kPackages.size(); ++i) {
    if ((by_id != nullptr && by_id->is_string() && by_id->get_string() == kPackages[i].id) ||
        (by_permalink != nullptr && by_permalink->is_string() && by_permalink->get_string() == kPackages[i].permalink)) {
      return i;
    }
  }
  return std::nullopt;
}

std::string generated_name(std::size_t index) {
  return std::string(kNames[(index / kVmStates.size()) % kNames.size()]) + "-" + std::to_string(index);
}

json::object zone_json(Zone const& zone) { return zone_object(zone); }

json::object gpu_type_json() {
  return {{"id", "gput_Qm8WzRt2LcYv6HnB"}, {"name", "NVIDIA L40S"}, {"permalink", "nvidia-l40s"}};
}

json::object hypervisor_json(std::size_t host) {
  return {{"id", "hv_" + base62(host * 7919, 12)}, {"name", "hv-" + std::to_string(host + 1)}};
}

json::object generate_vm(std::uint64_t seed, std::size_t index, Organization const& organization) {
  auto const generated = katapult::generated_vm(seed, index);
  auto vm = vm_document(vm_id(seed, index), generated_name(index), generated_hostname(index), organization,
                        generated.created_at, *generated.zone, generated.package, generated.custom_cores);
  if (generated.gpu) {
    vm["gpu_type"] = gpu_type_json();
    vm["gpus"] = json::array{json::object{{"id", "gpu_" + base62(mix(seed, index, 5), 12)}}};
  }
  if (generated.described) vm["description"] = "Simulated VM " + std::to_string(index);
  std::vector<std::string> tag_names;
  if (index % 2 == 0) tag_names.emplace_back(kTags[mix(seed, index, 7) % kTags.size()]);
  vm["tags"] = tags_json(tag_names);
  vm["tag_names"] = json::value_from(tag_names);
  if (generated.addressed) {
    vm["ip_addresses"] = ip_addresses(*generated.zone, index, vm["fqdn"].as_string().c_str(), generated.ipv6);
  }
  set_state(vm, generated.state);
  return vm;
}

json::object built_vm(std::uint64_t seed, std::size_t index, Organization const& organization, BuildSpec const& spec) {
  Zone const& zone = kZones[spec.zone % kZones.size()];
  auto vm = vm_document(vm_id(seed, index), spec.name, spec.hostname, organization, spec.created_at, zone,
                        &kPackages[spec.package % kPackages.size()], 1);
  vm["ip_addresses"] = ip_addresses(zone, index, vm["fqdn"].as_string().c_str(), true);
  // A built VM's full object carries the root password the build set (real objects do): a credential.
  vm["initial_root_password"] = "sim-root-" + base62(mix(seed, index, 31), 16);
  set_state(vm, "allocating");
  return vm;
}

void set_tags(json::object& vm, std::vector<std::string> const& names) {
  vm["tags"] = tags_json(names);
  json::array listed;
  for (auto const& name : names) listed.push_back(json::string(name));
  vm["tag_names"] = std::move(listed);
}

bool valid_hostname(std::string_view hostname) {
  if (hostname.empty() || hostname.size() > 63 || hostname.front() == '-' || hostname.back() == '-') return false;
  return std::all_of(hostname.begin(), hostname.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::vector<std::string> seeded_tag_names() { return {kTags.begin(), kTags.end()}; }

void set_state(json::object& vm, std::string_view state) {
  vm["state"] = state;
  if (!placed_on_hypervisor(state)) {
    vm["hypervisor"] = nullptr;
    return;
  }
  vm["hypervisor"] = hypervisor_json(hypervisor_of(std::string_view(vm["id"].as_string())));
}

json::object list_item(json::object const& vm) {
  json::object item;
  for (char const* key : {"id", "name", "hostname", "fqdn", "created_at", "zone"}) item[key] = vm.at(key);
  auto const& package = vm.at("package");
  item["package"] = package.is_object() ? json::value(json::object{{"name", package.at("name")}}) : json::value(nullptr);
  item["gpu_type"] = vm.at("gpu_type");
  json::array addresses;
  for (auto const& address : vm.at("ip_addresses").as_array()) {
    addresses.push_back(json::object{{"address", address.at("address")}});
  }
  item["ip_addresses"] = std::move(addresses);
  item["hypervisor"] = vm.at("hypervisor");
  return item;
}

}  // namespace polycloud::sim::katapult
