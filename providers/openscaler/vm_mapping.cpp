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

void VmMapping::begin(Instance&) { has_id_ = false; }

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

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  if (path.size() == 2 && path.key(0) == "network") {  // the network part (`only=network`)
    if (path.key(1) == "public_ip") read_address(path, value, Address::Visibility::public_, instance, problems);
    if (path.key(1) == "private_ip") read_address(path, value, Address::Visibility::private_, instance, problems);
    return;
  }
  if (path.size() != 1) return;  // disks and other nested parts are not in the neutral model
  auto const key = path.key(0);
  auto text = [&](std::string& out) {
    if (auto read = problems.string(path, value)) out.assign(*read);
  };
  if (key == "id") {
    read_id(path, value, instance, problems, has_id_);
  } else if (key == "name") {
    text(instance.name);
  } else if (key == "state") {
    if (auto state = problems.string(path, value)) {
      instance.raw_state.assign(*state);
      instance.state = map_state(*state);
    }
  } else if (key == "region") {
    text(instance.region);
  } else if (key == "size") {
    text(instance.size);
  } else if (key == "distro") {
    text(instance.image);
  } else if (key == "vcpus") {
    if (auto vcpus = problems.integer(path, value, 0, INT_MAX)) instance.vcpus = static_cast<int>(*vcpus);
  } else if (key == "memoryMB") {
    instance.memory_mib = problems.integer(path, value, 0);
  } else if (key == "storageGB") {
    instance.disk_gb = problems.integer(path, value, 0);
  } else if (key == "created_at") {
    if (auto created = problems.string(path, value)) {
      instance.created_at = providers::parse_timestamp(*created);
      if (!instance.created_at) problems.fail(path, "not a timestamp: '" + std::string(*created) + "'");
    }
  } else if (key == "sequence_id") {
    // Tells our VM from a namesake after a create of unknown outcome.
    if (auto sequence = problems.integer(path, value)) instance.extras["sequence_id"] = std::to_string(*sequence);
  } else if (key == "price_hourly" || key == "price_monthly") {
    problems.number(path, value);  // not in the neutral model; checked so the object is what we expect
  }
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (!has_id_) problems.fail("id: missing, or not an integer or string");
  // Public before private, whatever order the object listed them in.
  std::stable_partition(instance.addresses.begin(), instance.addresses.end(),
                        [](Address const& address) { return address.visibility == Address::Visibility::public_; });
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
