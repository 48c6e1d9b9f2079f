#include "providers/openscaler/vm_mapping.hpp"

#include "providers/common/values.hpp"
#include "providers/openscaler/key_marker.hpp"
#include "providers/openscaler/state_table.hpp"

#include <boost/json/serialize.hpp>

#include <climits>

namespace polycloud::openscaler {

void VmMapping::begin(Instance& instance) {
  has_id_ = false;
  private_version_ = 0;
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

/// The address at `path`, checked; empty when there is none of this kind (null or ""). A plain
/// string_view, not an optional one: that came back through the stack and stalled on the reload.
std::string_view read_address(JsonPath const& path, JsonScalar const& value, ItemProblems& problems, int& version) {
  auto text = problems.string(path, value);
  if (!text || text->empty()) return {};
  version = providers::ip_version(*text);
  if (version == 0) {
    problems.fail(path, "not an IP address: '" + std::string(*text) + "'");
    return {};
  }
  return *text;
}

void set(std::optional<std::int64_t>& to, std::optional<std::int64_t> from) noexcept {
  if (from) {
    to = *from;
  } else {
    to.reset();
  }
}

void add_address(Instance& instance, std::string_view text, Address::Visibility visibility, int version) {
  auto& address = instance.addresses.emplace_back();  // built in place: no temporary to move
  address.ip.assign(text);
  address.visibility = visibility;
  address.version = version;
}

}  // namespace

namespace {

/// What the mapping reads; disks, ports and the rest are skipped by the stream (still in raw).
enum Field : int {
  f_id, f_name, f_state, f_region, f_size, f_distro, f_vcpus, f_memory, f_storage, f_created_at, f_sequence_id,
  f_price_hourly, f_price_monthly, f_public_ip, f_private_ip, f_description,
};

providers::ItemFields const vm_fields{
    {f_id, {"id"}}, {f_name, {"name"}}, {f_state, {"state"}}, {f_region, {"region"}},
    {f_size, {"size"}}, {f_distro, {"distro"}}, {f_vcpus, {"vcpus"}}, {f_memory, {"memoryMB"}}, {f_storage, {"storageGB"}},
    {f_created_at, {"created_at"}}, {f_sequence_id, {"sequence_id"}}, {f_description, {"description"}},
    {f_price_hourly, {"price_hourly"}}, {f_price_monthly, {"price_monthly"}},
    // the network part (`only=network`)
    {f_public_ip, {"network", "public_ip"}}, {f_private_ip, {"network", "private_ip"}},
};

}  // namespace

providers::ItemFields const* VmMapping::fields() const noexcept { return &vm_fields; }

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  switch (path.field()) {
    case f_id: read_id(path, value, instance, problems, has_id_); break;
    case f_name: problems.assign_string(path, value, instance.name); break;
    case f_state: providers::read_state(path, value, state_table, instance, problems); break;
    case f_region: problems.assign_string(path, value, instance.region); break;
    case f_size: problems.assign_string(path, value, instance.size); break;
    case f_distro: problems.assign_string(path, value, instance.image); break;
    case f_vcpus:
      if (auto vcpus = problems.integer(path, value, 0, INT_MAX)) instance.vcpus = static_cast<int>(*vcpus);
      break;
    // Assigned through the value, not optional to optional: that went through the stack and
    // stalled on the reload (a visible share of the mapping).
    case f_memory: set(instance.memory_mib, problems.integer(path, value, 0)); break;
    case f_storage: set(instance.disk_gb, problems.integer(path, value, 0)); break;
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
    case f_description:
      // Only the idempotency key marker is kept (issue 19): copying every description would cost a
      // string per listed VM. The description is free text the mapping never needed: any other type
      // is no problem of the VM's, just no marker.
      if (value.kind == JsonScalar::Kind::string) {
        if (auto key = key_in_description(value.text)) instance.extras["idempotency_key"].assign(*key);
      }
      break;
    case f_price_hourly:
    case f_price_monthly:
      problems.number(path, value);  // not in the neutral model; checked so the object is what we expect
      break;
    case f_public_ip: {
      int version = 0;
      if (auto ip = read_address(path, value, problems, version); !ip.empty()) {
        add_address(instance, ip, Address::Visibility::public_, version);
      }
      break;
    }
    case f_private_ip:
      // Kept until the end: public addresses come first, and the object lists private_ip before
      // public_ip (reordering the built addresses afterwards moved every one of them).
      if (auto ip = read_address(path, value, problems, private_version_); !ip.empty()) {
        private_ip_.assign(ip);
      } else {
        private_version_ = 0;
      }
      break;
    default: break;
  }
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (!has_id_) problems.fail("id: missing, or not an integer or string");
  if (private_version_ != 0) add_address(instance, private_ip_, Address::Visibility::private_, private_version_);
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
