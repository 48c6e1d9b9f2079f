#include "providers/bycloud/vm_mapping.hpp"

#include "providers/bycloud/state_table.hpp"
#include "providers/common/address_texts.hpp"
#include "providers/common/tag_nodes.hpp"
#include "providers/common/values.hpp"

namespace polycloud::bycloud {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

providers::BodyLayout list_layout() { return {{"instances"}, false}; }
providers::BodyLayout single_layout() { return {{"instance"}, true}; }

std::string_view region_of_crn(std::string_view crn) noexcept {
  constexpr std::string_view prefix = "crn:";
  if (!crn.starts_with(prefix)) return {};
  crn.remove_prefix(prefix.size());
  auto const colon = crn.find(':');
  if (colon == std::string_view::npos) return {};
  return crn.substr(0, colon);
}

std::string region_of_endpoint(std::string_view host) {
  // The documented endpoint is https://api.<region>.mycloud.com.
  constexpr std::string_view prefix = "api.";
  if (!host.starts_with(prefix)) return {};
  host.remove_prefix(prefix.size());
  auto const dot = host.find('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return std::string(host.substr(0, dot));
}

namespace {

/// What the mapping reads; power_state, task_state and the rest are skipped by the stream (still in raw).
enum Field : int {
  f_id, f_name, f_status, f_crn, f_created_at,
  f_flavor_name, f_flavor_vcpus, f_flavor_ram, f_flavor_disk,
  f_image_name,
  f_address, f_address_addr, f_address_version, f_address_type,
  f_tag, f_metadata,
  f_fault_code, f_fault_message, f_fault_details, f_fault_created,
};

using providers::ItemFields;

ItemFields const vm_fields{
    {f_id, {"id"}}, {f_name, {"name"}}, {f_status, {"status"}}, {f_crn, {"crn"}}, {f_created_at, {"created_at"}},
    {f_flavor_name, {"flavor", "name"}}, {f_flavor_vcpus, {"flavor", "vcpus"}},
    {f_flavor_ram, {"flavor", "ram"}}, {f_flavor_disk, {"flavor", "disk"}},
    {f_image_name, {"image", "name"}},
    {f_address, {"addresses", ItemFields::any_key, ItemFields::any_index}},  // closed: one entry complete
    {f_address_addr, {"addresses", ItemFields::any_key, ItemFields::any_index, "addr"}},
    {f_address_version, {"addresses", ItemFields::any_key, ItemFields::any_index, "version"}},
    {f_address_type, {"addresses", ItemFields::any_key, ItemFields::any_index, "type"}},
    {f_tag, {"tags", ItemFields::any_index}},
    {f_metadata, {"metadata", ItemFields::any_key}},
    {f_fault_code, {"fault", "code"}},
    {f_fault_message, {"fault", "message"}},
    {f_fault_details, {"fault", "details"}},
    {f_fault_created, {"fault", "created"}},
};

}  // namespace

providers::ItemFields const* VmMapping::fields() const noexcept { return &vm_fields; }

void VmMapping::begin(Instance&) {
  clear_address();
  has_id_ = false;
}

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  switch (path.field()) {
    case f_id:
      if (auto id = problems.string(path, value); id && !id->empty()) {
        instance.id.assign(*id);
        has_id_ = true;
      }
      break;
    case f_name:
      problems.assign_string(path, value, instance.name);
      break;
    case f_status: providers::read_state(path, value, state_table, instance, problems); break;
    case f_crn:
      if (auto crn = problems.string(path, value)) instance.region.assign(region_of_crn(*crn));
      break;
    case f_created_at:
      if (auto text = problems.string(path, value); text && !text->empty()) {
        instance.created_at = providers::parse_timestamp(*text);
        if (!instance.created_at) problems.fail(path, "expected an RFC 3339 timestamp");
      }
      break;
    case f_flavor_name:
      problems.assign_string(path, value, instance.size);
      break;
    case f_flavor_vcpus:
      if (auto vcpus = problems.integer(path, value, 0, 1 << 20)) instance.vcpus = static_cast<int>(*vcpus);
      break;
    case f_flavor_ram:
      if (auto ram = problems.integer(path, value, 0)) instance.memory_mib = *ram;
      break;
    case f_flavor_disk:
      if (auto disk = problems.integer(path, value, 0)) instance.disk_gb = *disk;
      break;
    case f_image_name:
      problems.assign_string(path, value, instance.image);
      break;
    case f_address_addr:
      problems.assign_string(path, value, address_.addr);
      break;
    case f_address_version: address_.version = problems.integer(path, value, 4, 6); break;
    case f_address_type:
      if (auto type = problems.string(path, value)) {
        address_.type = *type == "fixed"      ? AddressType::fixed
                        : *type == "floating" ? AddressType::floating
                                              : AddressType::other;
      }
      break;
    case f_tag:
      if (auto tag = problems.string(path, value); tag && !tag->empty()) providers::add_tag(instance.tags, *tag);
      break;
    case f_metadata:
      if (auto text = problems.string(path, value)) {
        providers::assign_tag(instance.tags, path.key(1), *text);
      }
      break;
    case f_fault_code:
    case f_fault_message:
    case f_fault_details:
    case f_fault_created: fault_field(path, value, instance, problems); break;
    default: break;  // f_address: an entry that is not an object
  }
}

void VmMapping::fault_field(JsonPath const& path, JsonScalar const& value, Instance& instance,
                            ItemProblems& problems) {
  // In a kept map node (tag_nodes.hpp), as tags are: a VM in ERROR has up to four of these, and clearing
  // its Instance for the next VM freed each node and its texts.
  std::string const key = "fault." + std::string(path.key(1));  // within a string's inline room
  if (value.kind == JsonScalar::Kind::int64 || value.kind == JsonScalar::Kind::uint64) {
    if (auto code = problems.integer(path, value)) providers::assign_tag(instance.extras, key, std::to_string(*code));
  } else if (auto string = problems.string(path, value); string && !string->empty()) {
    providers::assign_tag(instance.extras, key, *string);
  }
}

void VmMapping::closed(JsonPath const& path, Instance& instance, ItemProblems& problems) {
  if (path.field() != f_address) return;
  add_address(path, instance, problems);
  clear_address();
}

void VmMapping::clear_address() noexcept {
  // Emptied in place for the next entry: its strings keep their room (a fresh PendingAddress per entry
  // was moved out and assigned anew).
  address_.addr.clear();
  address_.type = AddressType::other;
  address_.version.reset();
}

void VmMapping::add_address(JsonPath const& path, Instance& instance, ItemProblems& problems) {
  auto& entry = address_;
  if (entry.addr.empty()) return;
  // A fixed or floating address is only checked (ip_version) and its text moved into place: building an
  // Address per entry (a copy of the text), then moving it in, cost ~2 % of a 20,000-VM list.
  Address::Visibility visibility = Address::Visibility::public_;
  int version = 0;
  if (entry.type == AddressType::other) {  // no type, or an undocumented one: judge by the range
    if (auto classified = providers::classify_address(entry.addr)) {
      visibility = classified->visibility;
      version = classified->version;
    }
  } else {
    visibility = entry.type == AddressType::fixed ? Address::Visibility::private_ : Address::Visibility::public_;
    version = providers::ip_version(entry.addr);
  }
  if (version == 0) return problems.fail(path, "addr: \"" + entry.addr + "\" is not an IP address");
  if (entry.version && *entry.version != version) {
    return problems.fail(path, "version " + std::to_string(*entry.version) + " does not match addr \"" +
                                   entry.addr + "\"");
  }
  // Room for a usual VM's addresses at once (a private IPv4 and IPv6, a floating IPv4): growing 1, 2, 4
  // cost two more allocations per VM.
  if (instance.addresses.empty()) instance.addresses.reserve(4);
  auto& added = instance.addresses.emplace_back();
  added.ip.swap(entry.addr);  // the pending text becomes the address's; the entry gets an empty string back
  providers::take_address_text(entry.addr);  // and the room of a text a cleared VM gave back
  added.visibility = visibility;
  added.version = version;
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (!has_id_) return problems.fail("id: missing");
  if (instance.region.empty()) instance.region = fallback_region_;
}

}  // namespace polycloud::bycloud
