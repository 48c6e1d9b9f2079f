#pragma once
// Katapult VM documents: generated from (seed, index), or built from a build request. The full document
// (what `get` answers) is the single source; list items are projected from it.
#include "sim/katapult/catalog.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud::sim::katapult {

struct Organization {
  std::string id;
  std::string name;
  std::string sub_domain;
};

using Annotations = std::vector<std::pair<std::string, std::string>>;

/// Fixed-width base-62 text of `value` (most significant digit first).
std::string base62(std::uint64_t value, std::size_t width);
void append_base62(std::string& out, std::uint64_t value, std::size_t width);

/// "vm_" + 8 seeded characters + the index in 8 base-62 digits: random-looking, yet reversible.
std::string vm_id(std::uint64_t seed, std::size_t index);
void append_vm_id(std::string& out, std::uint64_t seed, std::size_t index);
std::optional<std::size_t> vm_index(std::uint64_t seed, std::string_view id);

/// Generated hostnames are "vm-<index>", so an fqdn lookup needs no search.
std::string generated_hostname(std::size_t index);
std::optional<std::size_t> generated_hostname_index(std::string_view hostname);
std::string fqdn(std::string_view hostname, Organization const& organization);

/// Cheap enough to evaluate for a million VMs when filtering: no JSON is built.
Annotations generated_annotations(std::uint64_t seed, std::size_t index);
boost::json::array annotations_json(Annotations const& annotations);

/// Index into the zone catalog for a `zone{id|permalink}` or `data_center{id|permalink}` lookup.
std::optional<std::size_t> find_zone(boost::json::object const* zone, boost::json::object const* data_center);
/// Index into the package catalog for a `package{id|permalink}` lookup.
std::optional<std::size_t> find_package(boost::json::object const& lookup);

/// Parts of a generated VM, shared by its document and its list text.
std::string generated_name(std::size_t index);
std::string ipv4_address(Zone const& zone, std::size_t index);
std::string ipv6_address(Zone const& zone, std::size_t index);
boost::json::object zone_json(Zone const& zone);
boost::json::object gpu_type_json();
boost::json::object hypervisor_json(std::size_t host);

/// The index-th generated VM, in its generated state.
boost::json::object generate_vm(std::uint64_t seed, std::size_t index, Organization const& organization);

struct BuildSpec {
  std::string hostname;
  std::string name;
  std::size_t package = 0;
  std::size_t zone = 0;
  std::int64_t created_at = 0;
};
/// A VM made by a build request, at `index` (after the generated ones).
boost::json::object built_vm(std::uint64_t seed, std::size_t index, Organization const& organization,
                             BuildSpec const& spec);

/// Sets the VM's `tags` ({id, name, color}) and `tag_names` to `names`.
void set_tags(boost::json::object& vm, std::vector<std::string> const& names);
/// Hostnames a build accepts: 1 to 63 of a-z, 0-9 and '-', not starting or ending with '-'.
bool valid_hostname(std::string_view hostname);
/// The organization's tags before any VM update creates more: those generated VMs carry.
std::vector<std::string> seeded_tag_names();
/// Sets `state`, keeping the hypervisor (null when the VM is not placed on one) consistent with it.
void set_state(boost::json::object& vm, std::string_view state);

/// The list form: exactly the fields of the list page, no state, package reduced to {name},
/// ip_addresses reduced to {address}.
boost::json::object list_item(boost::json::object const& vm);

}  // namespace polycloud::sim::katapult
