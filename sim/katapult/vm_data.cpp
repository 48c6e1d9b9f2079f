#include "sim/katapult/vm_data.hpp"

#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace polycloud::sim::katapult {
namespace {

namespace json = boost::json;

constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kIndexDigits = 8;
constexpr std::int64_t kEpoch2024 = 1704067200;

struct Zone {
  char const* id;
  char const* name;
  char const* permalink;
  char const* dc_id;
  char const* dc_name;
  char const* dc_permalink;
  char const* country_id;
  char const* country_name;
  char const* iso2;
  char const* iso3;
  char const* time_zone;
  bool eu;
  char const* ipv4_prefix;
  char const* ipv6_prefix;
};

// Country names in their own language where that is not ASCII: clients must carry them untouched.
constexpr std::array<Zone, 3> kZones{{
    {"zone_Wb9Xjn3vKCcFvHmE", "London", "uk-lon-01a", "dc_25d48761871e4bf1", "UK: London", "uk-lon-01",
     "ctry_2f2dc3d8a9e5f1", "United Kingdom", "GB", "GBR", "Europe/London", false, "185.22.208.", "2a03:2800:1:"},
    {"zone_Kq2Ppm7sLNd4TzWa", "Amsterdam", "nl-ams-01a", "dc_7a1c0e3b94d2c6a8", "NL: Amsterdam", "nl-ams-01",
     "ctry_9c41b7e0d3a2f8", "Nederland", "NL", "NLD", "Europe/Amsterdam", true, "185.22.210.", "2a03:2800:2:"},
    {"zone_Zr5Ghc8uYBf3QxJe", "Zürich", "ch-zrh-01a", "dc_c3e8f1a2b6d04971", "CH: Zürich", "ch-zrh-01",
     "ctry_4e6a2d9c1b8f70", "Schweiz", "CH", "CHE", "Europe/Zurich", false, "185.22.212.", "2a03:2800:3:"},
}};

struct Package {
  char const* id;
  char const* name;
  char const* permalink;
  int cpu_cores;
  int memory_in_gb;
};

constexpr std::array<Package, 4> kPackages{{
    {"vmpkg_XdNPhGXvyt1dnDts", "Rock-3", "rock-3", 1, 3},
    {"vmpkg_Bq7TkLmcV2zR9aWe", "Rock-6", "rock-6", 2, 6},
    {"vmpkg_Hs4YfJp8NcE6wQoU", "Rock-12", "rock-12", 4, 12},
    {"vmpkg_Lm3Rv9KtDz5XqBnA", "Rock-24", "rock-24", 8, 24},
}};

// Names a client must carry through untouched: Cyrillic, Japanese, accented Latin, an emoji.
constexpr std::array<char const*, 5> kNames{"web", "сервер", "サーバー", "café-crème", "rocket-🚀"};
constexpr std::array<char const*, 3> kRoles{"web", "db", "cache"};
constexpr std::array<char const*, 2> kEnvironments{"production", "staging"};
constexpr std::array<char const*, 3> kTags{"production", "backup", "ünïcode"};

bool placed_on_hypervisor(std::string_view state) {
  return state != "allocating" && state != "allocated" && state != "orphaned" && state != "failed";
}

json::object zone_json(Zone const& zone) {
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
          {"memory_in_gb", package.memory_in_gb}};
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
  addresses.push_back(ip_address(zone.ipv4_prefix + std::to_string(2 + index % 250), fqdn, "/24", index * 2));
  if (with_ipv6) {
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "%zx::%zx", (index >> 16) & 0xffff, index & 0xffff);
    addresses.push_back(ip_address(zone.ipv6_prefix + std::string(suffix), fqdn, "/64", index * 2 + 1));
  }
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
                  {"zone", zone_json(zone)},
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

std::string base62(std::uint64_t value, std::size_t width) {
  std::string text(width, '0');
  for (std::size_t i = width; i-- > 0 && value != 0; value /= kDigits.size()) text[i] = kDigits[value % kDigits.size()];
  return text;
}

std::string vm_id(std::uint64_t seed, std::size_t index) {
  return "vm_" + base62(mix(seed, index, 21), 8) + base62(index, kIndexDigits);
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

json::object generate_vm(std::uint64_t seed, std::size_t index, Organization const& organization) {
  auto const r = [&](std::uint64_t salt) { return mix(seed, index, salt); };
  Zone const& zone = kZones[r(1) % kZones.size()];
  // Every seventh VM has custom resources (package null), every fifth a GPU: nullable objects both ways.
  Package const* package = index % 7 == 3 ? nullptr : &kPackages[r(2) % kPackages.size()];
  std::string const hostname = generated_hostname(index);
  std::string const name = std::string(kNames[(index / kVmStates.size()) % kNames.size()]) + "-" + std::to_string(index);
  auto const created = kEpoch2024 + static_cast<std::int64_t>(r(3) % (365LL * 24 * 3600));
  auto vm = vm_document(vm_id(seed, index), name, hostname, organization, created, zone, package,
                        1 + static_cast<int>(r(4) % 16));
  if (index % 5 == 1) {
    vm["gpu_type"] = json::object{{"id", "gput_Qm8WzRt2LcYv6HnB"}, {"name", "NVIDIA L40S"}, {"permalink", "nvidia-l40s"}};
    vm["gpus"] = json::array{json::object{{"id", "gpu_" + base62(r(5), 12)}}};
  }
  if (r(6) % 3 == 0) vm["description"] = "Simulated VM " + std::to_string(index);
  std::vector<std::string> tag_names;
  if (index % 2 == 0) tag_names.emplace_back(kTags[r(7) % kTags.size()]);
  vm["tags"] = tags_json(tag_names);
  vm["tag_names"] = json::value_from(tag_names);
  std::string const state = kVmStates[index % kVmStates.size()];
  // A VM still being allocated has no addresses yet.
  if (state != "allocating") vm["ip_addresses"] = ip_addresses(zone, index, vm["fqdn"].as_string().c_str(), index % 2 == 0);
  set_state(vm, state);
  return vm;
}

json::object built_vm(std::uint64_t seed, std::size_t index, Organization const& organization, BuildSpec const& spec) {
  Zone const& zone = kZones[spec.zone % kZones.size()];
  auto vm = vm_document(vm_id(seed, index), spec.name, spec.hostname, organization, spec.created_at, zone,
                        &kPackages[spec.package % kPackages.size()], 1);
  vm["ip_addresses"] = ip_addresses(zone, index, vm["fqdn"].as_string().c_str(), true);
  set_state(vm, "allocating");
  return vm;
}

void set_state(json::object& vm, std::string_view state) {
  vm["state"] = state;
  if (!placed_on_hypervisor(state)) {
    vm["hypervisor"] = nullptr;
    return;
  }
  auto const& id = vm["id"].as_string();
  std::uint64_t const host = std::hash<std::string_view>{}(std::string_view(id)) % 40;
  vm["hypervisor"] = json::object{{"id", "hv_" + base62(host * 7919, 12)}, {"name", "hv-" + std::to_string(host + 1)}};
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
