#pragma once
// One ByCloud instance object → Instance, written once as an event-driven ItemMapping that declares
// the fields it reads (ItemFields): the list streams it item by item, skipping everything else, and a
// get or create answer maps one object with the same code.
//
//   id, name                          → id, name
//   status                            → state (through the state table), raw_state
//   crn "crn:<region>:compute:…"      → region; the endpoint's region when there is no crn
//   flavor{name, vcpus, ram, disk}    → size, vcpus, memory_mib (ram is MiB), disk_gb
//   image.name                        → image (null: booted from a volume)
//   addresses{<network>: [{addr, version, type}]}: fixed → private, floating → public, version 4/6
//   tags[] → tags (value ""), metadata{} → tags (key → value; metadata wins over a like-named tag)
//   created_at                        → created_at (RFC 3339, nullable)
//   fault{code, message, details, created} → extras "fault.code", "fault.message", … (present on ERROR)
// Everything else (power_state, task_state, vm_state, …) stays reachable through raw.

#include "providers/common/item_mapping.hpp"
#include "providers/common/list_stream.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace polycloud::bycloud {

/// Where the instances are: {"instances": [...]} for a list, {"instance": {...}} for get and create.
providers::BodyLayout list_layout();
providers::BodyLayout single_layout();

/// The region named by a crn ("crn:spo1:compute:instance:<id>" → "spo1"); empty when it is not one.
std::string_view region_of_crn(std::string_view crn) noexcept;

/// The region an endpoint's host names ("api.spo1.mycloud.com" → "spo1"); empty for another shape.
std::string region_of_endpoint(std::string_view host);

class VmMapping final : public providers::ItemMapping {
 public:
  /// `fallback_region`: for instances without a crn.
  explicit VmMapping(std::string fallback_region) : fallback_region_(std::move(fallback_region)) {}

  providers::ItemFields const* fields() const noexcept override;
  void begin(Instance& instance) override;
  void scalar(providers::JsonPath const& path, providers::JsonScalar const& value, Instance& instance,
              providers::ItemProblems& problems) override;
  void closed(providers::JsonPath const& path, Instance& instance, providers::ItemProblems& problems) override;
  void end(Instance& instance, providers::ItemProblems& problems) override;

 private:
  void fault_field(providers::JsonPath const& path, providers::JsonScalar const& value, Instance& instance,
                   providers::ItemProblems& problems);
  /// The completed entry onto the instance's addresses (or a problem).
  void add_address(providers::JsonPath const& path, Instance& instance, providers::ItemProblems& problems);
  void clear_address() noexcept;

  /// An entry's "type": fixed (private), floating (public), or missing or undocumented (judged by range).
  enum class AddressType { other, fixed, floating };
  // One addresses[<network>][i] entry, completed when its object closes.
  struct PendingAddress {
    std::string addr;
    std::optional<std::int64_t> version;
    AddressType type = AddressType::other;
  };

  std::string fallback_region_;
  PendingAddress address_;
  bool has_id_ = false;
};

}  // namespace polycloud::bycloud
