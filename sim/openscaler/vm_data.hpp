#pragma once
// OpenScaler VM documents: generated from (seed, index), or built from a create body.
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::sim::openscaler {

/// The index-th generated VM with the given id and project. `cycle` (its position within its project)
/// walks every state, non-ASCII names and integer/fractional price_monthly, so each project shows all.
/// `storage` lets a list build a chunk of VMs in one monotonic arena (allocation dominates otherwise).
boost::json::object generate_vm(std::uint64_t seed, std::size_t index, std::size_t cycle, std::int64_t id,
                                std::string const& project, boost::json::storage_ptr const& storage = {});

/// A new VM from a validated create body (name, size, project_id present).
boost::json::object vm_from_create(boost::json::object const& body, std::int64_t id, std::int64_t now_unix);

/// The parts `only=` can select; "basic" is everything that is not one of the others.
bool is_selectable_part(std::string_view part) noexcept;
/// The fields a part adds: state → "state", disks → "disks", network → "network".
boost::json::object select_parts(boost::json::object const& vm, std::vector<std::string> const& only);

}  // namespace polycloud::sim::openscaler
