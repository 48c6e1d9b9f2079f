#include "providers/openscaler/vm_mapping.hpp"

#include "providers/common/values.hpp"
#include "providers/openscaler/state_table.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <climits>

namespace polycloud::openscaler {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

void VmMapping::begin(Instance& instance) {
  has_id_ = false;
  instance.addresses.reserve(2);  // a public and a private one, usually: one allocation, not two
}

namespace {

void read_id(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems, bool& has_id) {
  // The id is an integer on every page; a string is accepted so a future change does not break us.
  switch (value.kind) {
    case JsonScalar::Kind::int64: instance.id = std::to_string(value.int64); break;
    case JsonScalar::Kind::uint64: instance.id = std::to_string(value.uint64); break;
    case JsonScalar::Kind::string:
      if (value.text.empty()) return problems.fail(path, "missing, or not an integer or string");
      instance.id.assign(value.text);
      break;
    default: return problems.fail(path, "missing, or not an integer or string");
  }
  has_id = true;
}

void read_address(JsonPath const& path, JsonScalar const& value, Address::Visibility visibility, Instance& instance,
                  ItemProblems& problems) {
  auto text = problems.string(path, value);
  if (!text || text->empty()) return;  // no address of this kind
  if (auto address = providers::parse_address(*text, visibility)) {
    instance.addresses.push_back(std::move(*address));
  } else {
    problems.fail(path, "not an IP address: '" + std::string(*text) + "'");
  }
}

}  // namespace

namespace {

/// What the mapping reads; disks, ports and the rest are skipped by the stream (still in raw).
enum Field : int {
  f_id, f_name, f_state, f_region, f_size, f_distro, f_vcpus, f_memory, f_storage, f_created_at, f_sequence_id,
  f_price_hourly, f_price_monthly, f_public_ip, f_private_ip,
};

providers::ItemFields const vm_fields{
    {f_id, {"id"}},
    {f_name, {"name"}},
    {f_state, {"state"}},
    {f_region, {"region"}},
    {f_size, {"size"}},
    {f_distro, {"distro"}},
    {f_vcpus, {"vcpus"}},
    {f_memory, {"memoryMB"}},
    {f_storage, {"storageGB"}},
    {f_created_at, {"created_at"}},
    {f_sequence_id, {"sequence_id"}},
    {f_price_hourly, {"price_hourly"}},
    {f_price_monthly, {"price_monthly"}},
    {f_public_ip, {"network", "public_ip"}},  // the network part (`only=network`)
    {f_private_ip, {"network", "private_ip"}},
};

}  // namespace

providers::ItemFields const* VmMapping::fields() const noexcept { return &vm_fields; }

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  auto text = [&](std::string& out) {
    if (auto read = problems.string(path, value)) out.assign(*read);
  };
  switch (path.field()) {
    case f_id: read_id(path, value, instance, problems, has_id_); break;
    case f_name: text(instance.name); break;
    case f_state:
      if (auto state = problems.string(path, value)) {
        instance.raw_state.assign(*state);
        instance.state = map_state(*state);
      }
      break;
    case f_region: text(instance.region); break;
    case f_size: text(instance.size); break;
    case f_distro: text(instance.image); break;
    case f_vcpus:
      if (auto vcpus = problems.integer(path, value, 0, INT_MAX)) instance.vcpus = static_cast<int>(*vcpus);
      break;
    case f_memory: instance.memory_mib = problems.integer(path, value, 0); break;
    case f_storage: instance.disk_gb = problems.integer(path, value, 0); break;
    case f_created_at:
      if (auto created = problems.string(path, value)) {
        instance.created_at = providers::parse_timestamp(*created);
        if (!instance.created_at) problems.fail(path, "not a timestamp: '" + std::string(*created) + "'");
      }
      break;
    case f_sequence_id:
      // Tells our VM from a namesake after a create of unknown outcome.
      if (auto sequence = problems.integer(path, value)) instance.extras["sequence_id"] = std::to_string(*sequence);
      break;
    case f_price_hourly:
    case f_price_monthly:
      problems.number(path, value);  // not in the neutral model; checked so the object is what we expect
      break;
    case f_public_ip: read_address(path, value, Address::Visibility::public_, instance, problems); break;
    case f_private_ip: read_address(path, value, Address::Visibility::private_, instance, problems); break;
    default: break;
  }
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (!has_id_) problems.fail("id: missing, or not an integer or string");
  // Public before private, whatever order the object listed them in; in place, keeping each kind's
  // order (std::stable_partition would allocate a buffer for every item).
  auto& addresses = instance.addresses;
  auto first_private = addresses.begin();
  for (auto it = addresses.begin(); it != addresses.end(); ++it) {
    if (it->visibility != Address::Visibility::public_) continue;
    if (it != first_private) std::rotate(first_private, it, it + 1);
    ++first_private;
  }
}

namespace {

providers::StreamOptions stream_options(bool keep_raw) {
  providers::StreamOptions options;
  options.keep_raw = keep_raw;
  return options;
}

}  // namespace

Result<Instance> to_instance(std::string_view body, CallSite const& site, bool keep_raw) {
  VmMapping mapping;
  return providers::map_one(body, vm_layout, mapping, site, stream_options(keep_raw));
}

Result<Instance> to_instance(boost::json::value const& vm, CallSite const& site, bool keep_raw) {
  return to_instance(boost::json::serialize(vm), site, keep_raw);
}

Result<std::vector<Instance>> instances_from_list(std::string_view body, CallSite const& site, bool keep_raw) {
  VmMapping mapping;
  return providers::map_all(body, list_layout, mapping, site, stream_options(keep_raw));
}

Result<std::vector<Instance>> instances_from_list(boost::json::value const& body, CallSite const& site,
                                                  bool keep_raw) {
  return instances_from_list(boost::json::serialize(body), site, keep_raw);
}

}  // namespace polycloud::openscaler
