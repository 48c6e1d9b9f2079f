#include "providers/bycloud/vm_mapping.hpp"

#include "providers/bycloud/state_table.hpp"
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

void VmMapping::begin(Instance&) {
  address_ = {};
  has_id_ = false;
}

void VmMapping::scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) {
  auto const top = path.key(0);
  if (path.size() == 1) {
    if (top == "id") {
      if (auto id = problems.string(path, value); id && !id->empty()) {
        instance.id = std::string(*id);
        has_id_ = true;
      }
    } else if (top == "name") {
      if (auto name = problems.string(path, value)) instance.name = std::string(*name);
    } else if (top == "status") {
      if (auto status = problems.string(path, value)) {
        instance.raw_state = std::string(*status);
        instance.state = map_state(*status);
      }
    } else if (top == "crn") {
      if (auto crn = problems.string(path, value)) instance.region = std::string(region_of_crn(*crn));
    } else if (top == "created_at") {
      if (auto text = problems.string(path, value); text && !text->empty()) {
        instance.created_at = providers::parse_timestamp(*text);
        if (!instance.created_at) problems.fail(path, "expected an RFC 3339 timestamp");
      }
    }
    return;
  }
  if (top == "flavor" && path.size() == 2) {
    flavor_field(path, value, instance, problems);
  } else if (top == "image" && path.is({"image", "name"})) {
    if (auto image = problems.string(path, value)) instance.image = std::string(*image);
  } else if (top == "addresses" && path.size() == 4 && path.is_index(2)) {
    address_field(path, value, problems);
  } else if (top == "tags" && path.size() == 2 && path.is_index(1)) {
    if (auto tag = problems.string(path, value); tag && !tag->empty()) instance.tags.try_emplace(std::string(*tag));
  } else if (top == "fault" && path.size() == 2) {
    fault_field(path, value, instance, problems);
  } else if (top == "metadata" && path.size() == 2) {
    if (auto text = problems.string(path, value)) {
      instance.tags.insert_or_assign(std::string(path.key(1)), std::string(*text));
    }
  }
}

void VmMapping::flavor_field(JsonPath const& path, JsonScalar const& value, Instance& instance,
                             ItemProblems& problems) {
  auto const key = path.key(1);
  if (key == "name") {
    if (auto name = problems.string(path, value)) instance.size = std::string(*name);
  } else if (key == "vcpus") {
    if (auto vcpus = problems.integer(path, value, 0, 1 << 20)) instance.vcpus = static_cast<int>(*vcpus);
  } else if (key == "ram") {
    if (auto ram = problems.integer(path, value, 0)) instance.memory_mib = *ram;
  } else if (key == "disk") {
    if (auto disk = problems.integer(path, value, 0)) instance.disk_gb = *disk;
  }
}

void VmMapping::fault_field(JsonPath const& path, JsonScalar const& value, Instance& instance,
                            ItemProblems& problems) {
  auto const key = path.key(1);
  if (key != "code" && key != "message" && key != "details" && key != "created") return;
  std::string text;
  if (value.kind == JsonScalar::Kind::int64 || value.kind == JsonScalar::Kind::uint64) {
    if (auto code = problems.integer(path, value)) text = std::to_string(*code);
  } else if (auto string = problems.string(path, value)) {
    text = std::string(*string);
  }
  if (!text.empty()) instance.extras["fault." + std::string(key)] = std::move(text);
}

void VmMapping::address_field(JsonPath const& path, JsonScalar const& value, ItemProblems& problems) {
  auto const key = path.key(3);
  if (key == "addr") {
    if (auto addr = problems.string(path, value)) address_.addr = std::string(*addr);
  } else if (key == "version") {
    address_.version = problems.integer(path, value, 4, 6);
  } else if (key == "type") {
    if (auto type = problems.string(path, value)) address_.type = std::string(*type);
  }
}

void VmMapping::closed(JsonPath const& path, Instance& instance, ItemProblems& problems) {
  if (path.size() != 3 || path.key(0) != "addresses" || !path.is_index(2)) return;
  auto entry = std::exchange(address_, {});
  if (entry.addr.empty()) return;
  std::optional<Address> address;
  if (entry.type == "fixed") {
    address = providers::parse_address(entry.addr, Address::Visibility::private_);
  } else if (entry.type == "floating") {
    address = providers::parse_address(entry.addr, Address::Visibility::public_);
  } else {
    address = providers::classify_address(entry.addr);  // an undocumented type: judge by the range
  }
  if (!address) return problems.fail(path, "addr: \"" + entry.addr + "\" is not an IP address");
  if (entry.version && *entry.version != address->version) {
    return problems.fail(path, "version " + std::to_string(*entry.version) + " does not match addr \"" +
                                   entry.addr + "\"");
  }
  instance.addresses.push_back(std::move(*address));
}

void VmMapping::end(Instance& instance, ItemProblems& problems) {
  if (!has_id_) return problems.fail("id: missing");
  if (instance.region.empty()) instance.region = fallback_region_;
}

}  // namespace polycloud::bycloud
