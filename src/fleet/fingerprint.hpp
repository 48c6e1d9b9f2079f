#pragma once
// Internal to Fleet::watch: what a watch keeps of one VM between polls. Not the VM: a fixed-size record
// of 16-bit hashes, one per neutral field, so a million VMs fit in a few tens of MiB and `changed` can
// still name which fields moved (docs/inventory.md, "Watch").
#include <polycloud/instance.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace polycloud::watching {

/// The neutral fields `changed` names, as to_json(Instance) keys and in its order. The state and
/// raw state are not among them: they have their own event and are kept as values, not hashes.
inline constexpr std::array<std::string_view, 12> fingerprint_fields{
    "name", "region", "zone", "size", "vcpus", "memory_mb", "disk_gb", "image",
    "public_ips", "private_ips", "created_at", "tags"};

/// One 16-bit hash per field of fingerprint_fields. Why 16 bits: the record is the watch's memory per
/// VM; a changed value goes unseen only when its hash collides, 1 in 65,536 per changed field.
struct Fingerprint {
  std::array<std::uint16_t, fingerprint_fields.size()> fields{};
  friend bool operator==(Fingerprint const&, Fingerprint const&) = default;
};

Fingerprint fingerprint_of(Instance const& instance);

/// Indices into fingerprint_fields whose hashes differ, in that order.
std::vector<std::size_t> changed_fields(Fingerprint const& before, Fingerprint const& after);

}  // namespace polycloud::watching
