#include "providers/katapult/vm_mapping.hpp"

#include "core/scrub.hpp"
#include "providers/common/tag_nodes.hpp"
#include "providers/common/values.hpp"
#include "providers/katapult/state_table.hpp"

#include <cmath>

namespace polycloud::katapult {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

namespace {

constexpr double mib_per_gib = 1024.0;
constexpr int max_cores = 1 << 16;
constexpr std::int64_t max_disk_gb = std::int64_t{1} << 40;

/// Raw fields that hold a credential: the VM's first root password, shown once by Katapult's panel
/// and returned in every full VM object. Redacted here, so --raw, a program's Instance::raw and
/// anything printed from them never carry it; the key stays, to say the VM has one.
constexpr std::string_view raw_credential_fields[] = {"initial_root_password"};

std::optional<std::int64_t> to_mib(std::optional<double> gib) {
  if (!gib || *gib < 0 || *gib > 1e9) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*gib * mib_per_gib));
}

void read_address(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  auto text = problems.string(path, value);
  if (!text) return;
  // An address we cannot classify (the seed page prints "string") is kept as the API gave it:
  // Katapult's addresses sit on its public network unless their range says otherwise.
  auto address = providers::classify_address(*text);
  if (!address) {
    address = Address{std::string(*text), Address::Visibility::public_, text->find(':') != std::string_view::npos ? 6 : 4};
  }
  instance.addresses.push_back(std::move(*address));
}

}  // namespace

void VmMapping::begin(Instance& instance) {
  instance.addresses.reserve(2);  // an IPv4 and an IPv6 address, usually: one allocation, not two
  hostname_.clear();
  cpu_cores_.reset();
  memory_gb_.reset();
  package_cores_.reset();
  package_memory_gb_.reset();
}

namespace {

/// What the mapping reads; everything else in a VM object (organization, gpus, tags, the addresses'
/// other fields…) is skipped by the stream without a call.
enum Field : int {
  f_id, f_name, f_hostname, f_created_at, f_state, f_cpu_cores, f_memory_in_gb, f_zone, f_region,
  f_package_name, f_package_cores, f_package_memory, f_package_storage, f_address, f_tag_name, f_fqdn,
  f_description,
};

providers::ItemFields const vm_fields{
    {f_id, {"id"}},
    {f_name, {"name"}},
    {f_hostname, {"hostname"}},
    {f_created_at, {"created_at"}},
    {f_state, {"state"}},
    {f_cpu_cores, {"cpu_cores"}},
    {f_memory_in_gb, {"memory_in_gb"}},
    {f_zone, {"zone", "permalink"}},
    {f_region, {"zone", "data_center", "permalink"}},
    {f_package_name, {"package", "name"}},  // a list item's package is only {name}
    {f_package_cores, {"package", "cpu_cores"}},
    {f_package_memory, {"package", "memory_in_gb"}},
    {f_package_storage, {"package", "storage_in_gb"}},  // the system disk the package gives (full objects)
    {f_fqdn, {"fqdn"}},
    {f_description, {"description"}},
    {f_address, {"ip_addresses", providers::ItemFields::any_index, "address"}},
    {f_tag_name, {"tag_names", providers::ItemFields::any_index}},
};

}  // namespace

providers::ItemFields const* VmMapping::fields() const noexcept { return &vm_fields; }

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  auto cores = [&](std::optional<int>& out) {
    if (auto read = problems.integer(path, value, 0, max_cores)) out = static_cast<int>(*read);
  };
  switch (path.field()) {
    case f_id: problems.assign_string(path, value, instance.id); break;
    case f_name: problems.assign_string(path, value, instance.name); break;
    case f_hostname: problems.assign_string(path, value, hostname_); break;
    case f_created_at:
      if (auto seconds = problems.integer(path, value)) {
        instance.created_at = providers::from_unix_seconds(*seconds);
        if (!instance.created_at) problems.fail(path, "not a plausible Unix time");
      }
      break;
    case f_state:
      if (auto state = problems.string(path, value)) {
        instance.raw_state.assign(*state);
        instance.state = map_state(*state);
      }
      break;
    case f_cpu_cores: cores(cpu_cores_); break;
    case f_memory_in_gb: memory_gb_ = problems.number(path, value); break;
    case f_zone: problems.assign_string(path, value, instance.zone); break;
    case f_region: problems.assign_string(path, value, instance.region); break;
    case f_package_name: problems.assign_string(path, value, instance.size); break;
    case f_package_cores: cores(package_cores_); break;
    case f_package_memory: package_memory_gb_ = problems.number(path, value); break;
    case f_package_storage:
      if (auto gb = problems.integer(path, value, 0, max_disk_gb)) instance.disk_gb = *gb;
      break;
    case f_fqdn:
    case f_description:
      // Nullable (a VM without a description); kept as Katapult names them (docs/providers.md).
      if (auto text = problems.string(path, value); text && !text->empty())
        instance.extras.insert_or_assign(std::string(path.last_key()), std::string(*text));
      break;
    case f_address: read_address(path, value, instance, problems); break;
    case f_tag_name:
      if (auto name = problems.string(path, value)) providers::add_tag(instance.tags, *name);
      break;
    default: break;
  }
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  for (auto const field : raw_credential_fields) {
    if (auto* value = instance.raw.if_contains(field); value != nullptr && !value->is_null()) {
      *value = scrubbed_marker;
    }
  }
  if (instance.id.empty()) return problems.fail("id: missing");
  if (instance.name.empty()) instance.name = hostname_;
  // Not a neutral field, but what a build names the VM by: the lookup after a lost build answer reads it.
  if (!hostname_.empty()) instance.extras.insert_or_assign("hostname", hostname_);
  // The VM's own figures win (a custom-resource VM has no package); the package's fill in otherwise.
  auto const cores = cpu_cores_ ? cpu_cores_ : package_cores_;
  if (cores) instance.vcpus = *cores;
  instance.memory_mib = to_mib(memory_gb_ ? memory_gb_ : package_memory_gb_);
}

providers::BodyLayout list_layout() { return {{"virtual_machines"}, false}; }
providers::BodyLayout get_layout() { return {{"virtual_machine"}, true}; }

providers::EnvelopeSink AnnotationCollector::sink() {
  return [this](JsonPath const& path, JsonScalar const& value) {
    if (path.size() != 3 || path.key(0) != "annotations" || !path.is_index(1)) return;
    if (value.kind != JsonScalar::Kind::string) return;
    auto const index = path.index(1);
    if (annotations_.size() <= index) annotations_.resize(index + 1);
    if (path.key(2) == "key") annotations_[index].first = std::string(value.text);
    if (path.key(2) == "value") annotations_[index].second = std::string(value.text);
  };
}

void AnnotationCollector::apply(Instance& instance) const {
  for (auto const& [key, value] : annotations_) {
    if (!key.empty()) providers::assign_tag(instance.tags, key, value);
  }
}

}  // namespace polycloud::katapult
