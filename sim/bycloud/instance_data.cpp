#include "sim/bycloud/instance_data.hpp"

#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <cinttypes>
#include <cstdio>

namespace polycloud::sim::bycloud {
namespace {

namespace json = boost::json;

constexpr std::int64_t kEpoch2024 = 1704067200;
constexpr std::uint64_t kIndexMask = 0xffffffffffffULL;

struct StatusInfo {
  char const* status;
  char const* power_state;
  char const* task_state;  // null: none
  char const* vm_state;
};

// Nova's usual companions of each status; every power state appears at least once.
constexpr std::array<StatusInfo, 20> kStatusTable{{
    {"ACTIVE", "RUNNING", nullptr, "ACTIVE"},
    {"BUILD", "NOSTATE", "spawning", "BUILDING"},
    {"REBOOT", "RUNNING", "rebooting", "ACTIVE"},
    {"HARD_REBOOT", "RUNNING", "rebooting_hard", "ACTIVE"},
    {"PASSWORD", "RUNNING", "updating_password", "ACTIVE"},
    {"REBUILD", "NOSTATE", "rebuilding", "ACTIVE"},
    {"MIGRATING", "RUNNING", "migrating", "ACTIVE"},
    {"RESIZE", "RUNNING", "resize_prep", "ACTIVE"},
    {"VERIFY_RESIZE", "RUNNING", nullptr, "RESIZED"},
    {"REVERT_RESIZE", "RUNNING", "resize_reverting", "RESIZED"},
    {"SHUTOFF", "SHUTDOWN", nullptr, "STOPPED"},
    {"PAUSED", "PAUSED", nullptr, "PAUSED"},
    {"SUSPENDED", "SUSPENDED", nullptr, "SUSPENDED"},
    {"RESCUE", "RUNNING", nullptr, "RESCUED"},
    {"ERROR", "CRASHED", nullptr, "ERROR"},
    {"DELETED", "NOSTATE", nullptr, "DELETED"},
    {"SOFT_DELETED", "SHUTDOWN", nullptr, "SOFT_DELETED"},
    {"SHELVED", "SHUTDOWN", nullptr, "SHELVED"},
    {"SHELVED_OFFLOADED", "NOSTATE", nullptr, "SHELVED_OFFLOADED"},
    {"UNKNOWN", "NOSTATE", nullptr, "UNKNOWN"},
}};

// Names a client must carry through untouched and percent-encode in a filter: non-ASCII, a space, '&'.
constexpr std::array<char const*, 5> kNamePrefixes{"web", "db", "сервер", "app & cache", "café-🚀"};
constexpr std::array<char const*, 5> kTags{"web", "frontend", "db", "production", "staging"};
constexpr std::array<char const*, 3> kTeams{"backend", "frontend", "données"};

StatusInfo const& status_info(std::string_view status) {
  for (auto const& info : kStatusTable) {
    if (status == info.status) return info;
  }
  return kStatusTable.back();  // UNKNOWN
}

std::string mac(std::uint64_t bits) {
  char text[18];
  std::snprintf(text, sizeof text, "fa:16:3e:%02x:%02x:%02x", static_cast<unsigned>((bits >> 16) & 0xff),
                static_cast<unsigned>((bits >> 8) & 0xff), static_cast<unsigned>(bits & 0xff));
  return text;
}

json::object address(std::string addr, int version, char const* type, std::string const& mac_addr) {
  return {{"addr", std::move(addr)}, {"version", version}, {"type", type}, {"mac_addr", mac_addr}};
}

}  // namespace

// A private network with IPv4 and IPv6, and for most a floating public address on a second network.
json::object addresses(std::uint64_t seed, std::size_t index) {
  std::string const port_mac = mac(mix(seed, index, 51));
  char v6[40];
  std::snprintf(v6, sizeof v6, "fd00:10:0:%zx::%zx", (index >> 16) & 0xffff, index & 0xffff);
  json::object networks{{"private-network", json::array{address("192.168." + std::to_string((index >> 8) % 256) + "." +
                                                                    std::to_string(index % 256),
                                                                4, "fixed", port_mac),
                                                        address(v6, 6, "fixed", port_mac)}}};
  if (index % 3 != 2) {
    networks["public"] = json::array{address("203.0." + std::to_string(113 + (index >> 8) % 3) + "." +
                                                 std::to_string(index % 256),
                                             4, "floating", port_mac)};
  }
  return networks;
}

namespace {

json::object flavor_json(Flavor const& flavor) {
  return {{"id", flavor.id}, {"name", flavor.name}, {"vcpus", flavor.vcpus}, {"ram", flavor.ram}, {"disk", flavor.disk}};
}

json::value image_json(std::optional<std::size_t> image) {
  if (!image) return nullptr;  // booted from a volume
  return json::object{{"id", kImages[*image].id}, {"name", kImages[*image].name}};
}

}  // namespace

std::array<Flavor, 4> const kFlavors{{
    {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01", "m1.small", 1, 2048, 20},
    {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a02", "m1.medium", 2, 4096, 40},
    {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a03", "m1.large", 4, 8192, 80},
    {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a04", "g1.xlarge", 8, 32768, 160},
}};

std::array<Image, 4> const kImages{{
    {"9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f01", "Ubuntu 22.04 LTS"},
    {"9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f02", "Debian 12"},
    {"9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f03", "Rocky Linux 9"},
    {"9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f04", "Windows Server 2022 Datacenter"},
}};

std::optional<std::size_t> find_flavor(std::string_view id) {
  for (std::size_t i = 0; i < kFlavors.size(); ++i) {
    if (id == kFlavors[i].id) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> find_image(std::string_view id) {
  for (std::size_t i = 0; i < kImages.size(); ++i) {
    if (id == kImages[i].id) return i;
  }
  return std::nullopt;
}

std::string instance_id(std::uint64_t seed, std::size_t index) {
  std::uint64_t const high = mix(seed, index, 41);
  std::uint64_t const tail = (static_cast<std::uint64_t>(index) ^ mix(seed, 0, 42)) & kIndexMask;
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012" PRIx64, static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0x0fff),
                static_cast<unsigned>(0x8000 | ((high >> 12) & 0x3fff)), tail);
  return text;
}

std::optional<std::size_t> instance_index(std::uint64_t seed, std::string_view id) {
  if (id.size() != 36) return std::nullopt;
  std::uint64_t tail = 0;
  for (char const c : id.substr(24)) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (digit < 0) return std::nullopt;
    tail = tail * 16 + static_cast<std::uint64_t>(digit);
  }
  auto const index = static_cast<std::size_t>((tail ^ mix(seed, 0, 42)) & kIndexMask);
  if (instance_id(seed, index) != id) return std::nullopt;
  return index;
}

Summary summarize(std::uint64_t seed, std::size_t index) {
  Summary summary;
  summary.name_prefix = kNamePrefixes[(index / kStatuses.size()) % kNamePrefixes.size()];
  summary.name_number = index;
  summary.status = kStatuses[index % kStatuses.size()];
  summary.flavor = mix(seed, index, 43) % kFlavors.size();
  if (index % 11 != 7) summary.image = mix(seed, index, 44) % kImages.size();
  summary.tags = {kTags[index % 3], kTags[3 + (index / 3) % 2]};  // web|frontend|db, production|staging
  return summary;
}

json::object generate_instance(std::uint64_t seed, std::size_t index, std::string const& region) {
  auto const summary = summarize(seed, index);
  auto const r = [&](std::uint64_t salt) { return mix(seed, index, salt); };
  std::string const id = instance_id(seed, index);
  std::int64_t const created = kEpoch2024 + static_cast<std::int64_t>(r(45) % (365LL * 24 * 3600));
  json::array volumes;
  if (index % 4 == 0) {
    volumes.push_back(json::object{{"id", seeded_uuid(seed, index, 46)}, {"device", "/dev/vdb"},
                                   {"delete_on_termination", false}});
  }
  json::array tags;
  for (auto const tag : summary.tags) tags.emplace_back(tag);
  json::object instance{
      {"id", id},
      {"crn", "crn:" + region + ":compute:instance:" + id},
      {"name", std::string(summary.name_prefix) + "-" + std::to_string(summary.name_number)},
      {"description", index % 5 == 0 ? json::value(nullptr) : json::value("Simulated instance " + std::to_string(index))},
      {"status", ""},
      {"power_state", ""},
      {"task_state", nullptr},
      {"vm_state", ""},
      {"flavor", flavor_json(kFlavors[summary.flavor])},
      {"image", image_json(summary.image)},
      {"addresses", summary.status == "BUILD" ? json::object{} : addresses(seed, index)},
      {"security_groups", json::array{json::object{{"name", "default"}}}},
      {"volumes_attached", std::move(volumes)},
      {"key_names", index % 2 == 0 ? json::array{"my-keypair"} : json::array{}},
      {"metadata", json::object{{"environment", summary.tags[1]}, {"team", kTeams[index % kTeams.size()]}}},
      {"tags", std::move(tags)},
      {"created_at", format_timestamp(created, true)},
      {"updated_at", format_timestamp(created, true)},
      {"launched_at", format_timestamp(created + 40, true)},
      {"terminated_at", nullptr},
  };
  set_status(instance, summary.status, created + static_cast<std::int64_t>(r(47) % 86400));
  return instance;
}

json::object created_instance(std::uint64_t seed, std::size_t index, std::string const& region, CreateSpec const& spec) {
  std::string const id = instance_id(seed, index);
  std::string const now = format_timestamp(spec.now, true);
  json::object instance{
      {"id", id},
      {"crn", "crn:" + region + ":compute:instance:" + id},
      {"name", spec.name},
      {"description", spec.description},
      {"status", ""},
      {"power_state", ""},
      {"task_state", nullptr},
      {"vm_state", ""},
      {"flavor", flavor_json(kFlavors[spec.flavor])},
      {"image", image_json(spec.image)},
      {"addresses", json::object{}},
      {"security_groups", json::array{json::object{{"name", "default"}}}},
      {"volumes_attached", json::array{}},
      {"key_names", spec.key_names},
      {"metadata", spec.metadata},
      {"tags", spec.tags},
      {"created_at", now},
      {"updated_at", now},
      {"launched_at", nullptr},
      {"terminated_at", nullptr},
  };
  set_status(instance, "BUILD", spec.now);
  return instance;
}

void set_status(json::object& instance, std::string_view phase, std::int64_t now) {
  auto const slash = phase.find('/');
  auto const& info = status_info(phase.substr(0, slash));
  std::string const previous(instance["status"].as_string());
  instance["status"] = info.status;
  instance["power_state"] = info.power_state;
  if (slash != std::string_view::npos) {
    instance["task_state"] = phase.substr(slash + 1);
  } else {
    instance["task_state"] = info.task_state != nullptr ? json::value(info.task_state) : json::value(nullptr);
  }
  instance["vm_state"] = info.vm_state;
  std::string_view const status = info.status;
  if (previous != status) instance["updated_at"] = format_timestamp(now, true);
  if (status != "BUILD" && instance["launched_at"].is_null()) instance["launched_at"] = format_timestamp(now, true);
  if (status == "BUILD") instance["launched_at"] = nullptr;
  bool const terminated = status == "DELETED" || status == "SOFT_DELETED";
  instance["terminated_at"] = terminated ? json::value(instance["updated_at"]) : json::value(nullptr);
  // Only an instance in ERROR carries a fault, as Nova shows it.
  if (status == "ERROR") {
    instance["fault"] = json::object{{"code", 500},
                                     {"message", "No valid host was found"},
                                     {"details", "There are not enough hosts available."},
                                     {"created", instance["updated_at"]}};
  } else {
    instance.erase("fault");
  }
}

}  // namespace polycloud::sim::bycloud
