#pragma once
// ByCloud instance documents: generated from (seed, index), or made by a create request. Ids are UUIDs
// that encode their index, so a pagination marker maps back to a position without any lookup table.
#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::sim::bycloud {

/// Every Nova status value api-facts.md lists; generated instances cycle through all of them.
inline constexpr std::array<char const*, 20> kStatuses{
    "ACTIVE",  "BUILD",   "REBOOT",    "HARD_REBOOT", "PASSWORD", "REBUILD",      "MIGRATING",
    "RESIZE",  "VERIFY_RESIZE", "REVERT_RESIZE", "SHUTOFF", "PAUSED", "SUSPENDED", "RESCUE",
    "ERROR",   "DELETED", "SOFT_DELETED", "SHELVED", "SHELVED_OFFLOADED", "UNKNOWN"};

struct Flavor {
  char const* id;
  char const* name;
  int vcpus;
  int ram;   // MiB
  int disk;  // GB
};
struct Image {
  char const* id;
  char const* name;
};
extern std::array<Flavor, 4> const kFlavors;
extern std::array<Image, 4> const kImages;
std::optional<std::size_t> find_flavor(std::string_view id);
std::optional<std::size_t> find_image(std::string_view id);

/// A UUID whose last group is the index masked by a seeded value; the rest is seeded noise.
std::string instance_id(std::uint64_t seed, std::size_t index);
std::optional<std::size_t> instance_index(std::uint64_t seed, std::string_view id);

/// What the list filters look at, computed without building JSON or strings (a million of these must be
/// cheap even in a debug build). The name is `name_prefix` + "-" + `name_number`.
struct Summary {
  std::string_view name_prefix;
  std::size_t name_number = 0;
  std::string_view status;
  std::size_t flavor = 0;
  std::optional<std::size_t> image;  // none: booted from a volume
  std::array<std::string_view, 2> tags;
};
Summary summarize(std::uint64_t seed, std::size_t index);

/// The index-th generated instance.
boost::json::object generate_instance(std::uint64_t seed, std::size_t index, std::string const& region);

struct CreateSpec {
  std::string name;
  std::string description;
  std::size_t flavor = 0;
  std::optional<std::size_t> image;
  boost::json::object metadata;
  boost::json::array tags;
  boost::json::array key_names;
  std::int64_t now = 0;
};
/// The networks an instance has once built: IPv4 and IPv6 on a private network, most also a floating
/// address on "public".
boost::json::object addresses(std::uint64_t seed, std::size_t index);

/// A new instance in BUILD, as the create answer shows it.
boost::json::object created_instance(std::uint64_t seed, std::size_t index, std::string const& region,
                                     CreateSpec const& spec);

/// Sets status, power_state, task_state and vm_state together. `phase` is a status, optionally followed
/// by "/task_state" ("ACTIVE/powering-off"); without one the status's usual task state applies.
void set_status(boost::json::object& instance, std::string_view phase, std::int64_t now);

}  // namespace polycloud::sim::bycloud
