#pragma once
// The simulated Katapult catalog (zones, packages) and what a generated VM is made of: one place that
// decides, for (seed, index), the zone, package, name, time, GPU, state and addresses, so that the full
// document (vm_data.cpp) and the list page's fast text (list_text.cpp) cannot drift apart.
#include "sim/seeded.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace polycloud::sim::katapult {

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

// Data-center ids start with `loc_` as production's do (katapult-api.md §3; the reference's fixtures
// show `dc_…`): a client must treat the prefix as opaque.
// Country names in their own language where that is not ASCII: clients must carry them untouched.
inline constexpr std::array<Zone, 3> kZones{{
    {"zone_Wb9Xjn3vKCcFvHmE", "London", "uk-lon-01a", "loc_UUhPmoCbpic6UX0Y", "UK: London", "uk-lon-01",
     "ctry_2f2dc3d8a9e5f1", "United Kingdom", "GB", "GBR", "Europe/London", false, "185.22.208.", "2a03:2800:1:"},
    {"zone_Kq2Ppm7sLNd4TzWa", "Amsterdam", "nl-ams-01a", "loc_7a1c0e3b94d2c6a8", "NL: Amsterdam", "nl-ams-01",
     "ctry_9c41b7e0d3a2f8", "Nederland", "NL", "NLD", "Europe/Amsterdam", true, "185.22.210.", "2a03:2800:2:"},
    {"zone_Zr5Ghc8uYBf3QxJe", "Zürich", "ch-zrh-01a", "loc_c3e8f1a2b6d04971", "CH: Zürich", "ch-zrh-01",
     "ctry_4e6a2d9c1b8f70", "Schweiz", "CH", "CHE", "Europe/Zurich", false, "185.22.212.", "2a03:2800:3:"},
}};

struct Package {
  char const* id;
  char const* name;
  char const* permalink;
  int cpu_cores;
  int memory_in_gb;
  int storage_in_gb;
};

// Storage as recorded for ROCK-3 (25) and ROCK-6 (50) (katapult-api.md §1); the larger two follow suit.
inline constexpr std::array<Package, 4> kPackages{{
    {"vmpkg_XdNPhGXvyt1dnDts", "Rock-3", "rock-3", 1, 3, 25},
    {"vmpkg_Bq7TkLmcV2zR9aWe", "Rock-6", "rock-6", 2, 6, 50},
    {"vmpkg_Hs4YfJp8NcE6wQoU", "Rock-12", "rock-12", 4, 12, 100},
    {"vmpkg_Lm3Rv9KtDz5XqBnA", "Rock-24", "rock-24", 8, 24, 200},
}};

/// Every VM state the Katapult reference documents; generated VMs cycle through all of them.
inline constexpr std::array<char const*, 12> kVmStates{"started",   "starting",      "stopped",  "stopping",
                                                       "shutting_down", "resetting", "allocated", "allocating",
                                                       "migrating", "transferring",  "failed",   "orphaned"};

/// The hypervisors VMs are placed on (by a hash of the VM id).
inline constexpr std::size_t kHypervisors = 40;

/// What the index-th generated VM is, before any JSON is written.
struct GeneratedVm {
  Zone const* zone;
  Package const* package;  ///< nullptr: custom resources
  int custom_cores;
  std::int64_t created_at;
  bool gpu;
  bool described;          ///< has a description
  std::string_view state;
  bool addressed;          ///< has IP addresses (not while allocating)
  bool ipv6;               ///< has an IPv6 address besides the IPv4 one
};

inline GeneratedVm generated_vm(std::uint64_t seed, std::size_t index) {
  constexpr std::int64_t kEpoch2024 = 1704067200;
  auto const r = [&](std::uint64_t salt) { return mix(seed, index, salt); };
  std::string_view const state = kVmStates[index % kVmStates.size()];
  // Every seventh VM has custom resources (package null), every fifth a GPU: nullable objects both ways.
  return GeneratedVm{&kZones[r(1) % kZones.size()],
                     index % 7 == 3 ? nullptr : &kPackages[r(2) % kPackages.size()],
                     1 + static_cast<int>(r(4) % 16),
                     kEpoch2024 + static_cast<std::int64_t>(r(3) % (365LL * 24 * 3600)),
                     index % 5 == 1,
                     r(6) % 3 == 0,
                     state,
                     state != "allocating",  // a VM still being allocated has no addresses yet
                     index % 2 == 0};
}

/// Whether a VM in `state` sits on a hypervisor (the document's hypervisor is null otherwise).
inline bool placed_on_hypervisor(std::string_view state) {
  return state != "allocating" && state != "allocated" && state != "orphaned" && state != "failed";
}

/// The hypervisor a VM with this id is placed on, below kHypervisors.
inline std::size_t hypervisor_of(std::string_view vm_id) { return std::hash<std::string_view>{}(vm_id) % kHypervisors; }

}  // namespace polycloud::sim::katapult
