#include "sim/openscaler/vm_data.hpp"

#include "sim/openscaler/openscaler.hpp"
#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace polycloud::sim::openscaler {
namespace {

namespace json = boost::json;

// Names a client must carry through untouched: Cyrillic, Japanese, accented Latin, an emoji.
constexpr std::array<char const*, 5> kNamePrefixes{"vm", "сервер", "サーバー", "café-crème", "rocket-🚀"};
constexpr std::array<char const*, 3> kDistros{"debian-13", "ubuntu-24.04", "rocky-9"};
constexpr std::array<char const*, 2> kRegions{"alg1", "alg2"};
constexpr std::int64_t kGiB = 1024LL * 1024 * 1024;
constexpr std::int64_t kEpoch2024 = 1704067200;

json::object disk(bool main, std::int64_t capacity_gb, std::int64_t allocation, std::string_view path,
                  std::string_view device, json::storage_ptr const& sp) {
  return json::object({{"is_main_disk", main},
                       {"capacityBytes", capacity_gb * kGiB},
                       {"allocationBytes", allocation},
                       {"path", path},
                       {"target_device", device}},
                      sp);
}

json::object network(std::int64_t id, std::int64_t vpc, std::string const& region, bool with_public_ip,
                     json::storage_ptr const& sp) {
  std::string const subnet = "10.0." + std::to_string(vpc % 256);
  char mac[18];
  std::snprintf(mac, sizeof mac, "02:00:00:%02x:%02x:%02x", static_cast<unsigned>((id >> 16) & 0xff),
                static_cast<unsigned>((id >> 8) & 0xff), static_cast<unsigned>(id & 0xff));
  json::object net({{"resource_type", "vm"},
                    {"mac", mac},
                    {"private_ip", subnet + ".2"},
                    {"vpc_subnet", subnet + ".0/24"},
                    {"vpc_id", vpc},
                    {"region", region}},
                   sp);
  json::array ports(sp);
  if (with_public_ip) {
    net["public_ip"] = "10.99." + std::to_string((id >> 8) % 256) + "." + std::to_string(id % 256);
    constexpr std::array<std::pair<char const*, int>, 3> services{{{"SSH", 22}, {"HTTP", 80}, {"HTTPS", 443}}};
    int offset = 0;
    for (auto const& [label, internal] : services) {
      ports.push_back(json::object({{"description", std::string(label) + " port for VM " + std::to_string(id) +
                                                         " (internal port " + std::to_string(internal) + ")"},
                                     {"port", 9000 + (id * 3 + offset++) % 50000},
                                     {"internal_port", internal}},
                                    sp));
    }
  } else {
    net["public_ip"] = nullptr;
  }
  net["public_ip_ports"] = std::move(ports);
  return net;
}

}  // namespace

json::object generate_vm(std::uint64_t seed, std::size_t index, std::size_t cycle, std::int64_t id,
                         std::string const& project, json::storage_ptr const& sp) {
  auto const r = [&](std::uint64_t salt) { return mix(seed, index, salt); };
  std::string const region = kRegions[r(1) % kRegions.size()];
  std::int64_t const vcpus = 1LL << (r(2) % 4);
  std::int64_t const memory_mb = 512LL << (r(3) % 6);
  std::int64_t const storage_gb = 10LL * static_cast<std::int64_t>(1 + r(4) % 20);
  std::int64_t const vpc = 1 + static_cast<std::int64_t>(r(5) % 200);
  std::int64_t const created = kEpoch2024 + static_cast<std::int64_t>(r(6) % (365LL * 24 * 3600));
  std::string const name = std::string(kNamePrefixes[(cycle / 8) % kNamePrefixes.size()]) + "-" + std::to_string(id);

  json::array disks(sp);
  disks.push_back(disk(true, storage_gb, static_cast<std::int64_t>(r(7) % (storage_gb * kGiB)), "/", "vda", sp));
  if (r(8) % 2 == 0) {
    disks.push_back(disk(false, 5, static_cast<std::int64_t>(r(9) % (5 * kGiB)), "/mnt/vdc1", "vdc", sp));
  }

  double const hourly = static_cast<double>(vcpus) * 0.01786;
  json::object vm(
      {
      {"id", id},
      {"name", name},
      {"user_id", seeded_uuid(seed, 0, 11)},  // one owner for the whole sandbox
      {"project_id", project},
      {"uuid", seeded_uuid(seed, index, 12)},
      {"region", region},
      {"description", "Simulated VM " + std::to_string(id)},
      {"distro", kDistros[r(13) % kDistros.size()]},
      {"vcpus", vcpus},
      {"storageGB", storage_gb},
      {"memoryMB", memory_mb},
      {"transferGB", 2048},
      {"vpc_id", vpc},
      {"created_at", format_timestamp(created, false)},
      {"updated_at", format_timestamp(created + static_cast<std::int64_t>(r(14) % 86400), false)},
      {"size", "b-" + std::to_string(vcpus) + "-" + std::to_string(memory_mb) + "mb-" + std::to_string(storage_gb)},
      {"node_type", "VM"},
      {"state", kOpenScalerStates[cycle % kOpenScalerStates.size()]},
      {"disks", std::move(disks)},
      {"network", network(id, vpc, region, r(15) % 4 != 0, sp)},
      {"price_hourly", hourly},
      },
      sp);
  // The seed pages print 12 in one example and 12.0 in another: serve both spellings.
  if (cycle % 2 == 0) {
    vm["price_monthly"] = static_cast<std::int64_t>(12 * vcpus);
  } else {
    vm["price_monthly"] = 12.5 * static_cast<double>(vcpus);
  }
  return vm;
}

json::object vm_from_create(json::object const& body, std::int64_t id, std::int64_t now_unix) {
  auto text = [&](char const* key, char const* fallback) -> std::string {
    auto const* value = body.if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string(fallback);
  };
  std::string const region = text("region", "alg1");
  std::int64_t const vpc = 1 + id % 200;
  json::array disks{disk(true, 50, 0, "/", "vda", {})};
  if (auto const* attached = body.if_contains("attached_disks"); attached != nullptr && attached->is_array()) {
    char device = 'c';
    for (auto const& entry : attached->get_array()) {
      auto const* size = entry.is_object() ? entry.get_object().if_contains("sizeGB") : nullptr;
      std::int64_t const gb = size != nullptr && size->is_int64() ? size->get_int64() : 5;
      std::string const dev = std::string("vd") + device++;
      disks.push_back(disk(false, gb, 0, "/mnt/" + dev + "1", dev, {}));
    }
  }
  std::string const now = format_timestamp(now_unix, false);
  return json::object{
      {"id", id},
      {"name", text("name", "")},
      {"user_id", "2abb7c25-a2d5-42ac-a776-e8ac5dfb16c3"},
      {"project_id", text("project_id", "")},
      {"uuid", seeded_uuid(0, static_cast<std::uint64_t>(id), 12)},
      {"region", region},
      {"description", text("description", "")},
      {"distro", text("distro", "debian-13")},
      {"vcpus", 1},
      {"storageGB", 50},
      {"memoryMB", 2048},
      {"transferGB", 2048},
      {"vpc_id", vpc},
      {"created_at", now},
      {"updated_at", now},
      {"size", text("size", "")},
      {"state", "running"},
      {"disks", std::move(disks)},
      {"network", network(id, vpc, region, true, {})},
      {"price_hourly", 0.01786},
      {"price_monthly", 12.0},
  };
}

bool is_selectable_part(std::string_view part) noexcept {
  return part == "basic" || part == "state" || part == "disks" || part == "network";
}

json::object select_parts(json::object const& vm, std::vector<std::string> const& only) {
  if (only.empty()) return vm;  // "if not send all by default"
  auto const wanted = [&](std::string_view part) { return std::find(only.begin(), only.end(), part) != only.end(); };
  json::object selected;
  for (auto const& [key, value] : vm) {
    bool const is_part = key == "state" || key == "disks" || key == "network";
    if (!is_part || wanted(key)) selected.emplace(key, value);  // basic is always present
  }
  return selected;
}

}  // namespace polycloud::sim::openscaler
