#pragma once
// The vocabulary of change, shared by Fleet::watch (polling with diffing) and `polycloud diff` (two
// SQLite snapshots): one event type and one JSON form, so a consumer reads both the same way.
// See docs/inventory.md.

#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

enum class InventoryEventKind {
  added,                 ///< a VM not seen before
  removed,               ///< a VM gone from a complete listing (never from a failed or partial one)
  changed,               ///< neutral fields other than the state changed
  state,                 ///< the normalized or the raw state changed
  provider_unavailable,  ///< a listing failed: nothing is concluded about that provider's VMs
  provider_recovered,    ///< the first complete listing after provider_unavailable
};
std::string_view to_string(InventoryEventKind kind) noexcept;
std::optional<InventoryEventKind> parse_inventory_event_kind(std::string_view text) noexcept;

/// One neutral field's change, values in the Instance JSON form (to_json(Instance) keys). `before` is
/// null when the observer kept only a fingerprint of the old value (watch), never when it had it (diff).
struct FieldChange {
  std::string field;  ///< a to_json(Instance) key: "name", "size", "public_ips", "tags"…
  boost::json::value before;
  boost::json::value after;
  friend bool operator==(FieldChange const&, FieldChange const&) = default;
};

struct InventoryEvent {
  InventoryEventKind kind = InventoryEventKind::added;
  std::string provider;  ///< configured provider name
  std::string id;        ///< the VM's id; empty for provider_unavailable / provider_recovered
  std::chrono::sys_seconds observed_at{};
  /// added: the VM as listed; changed and state: the VM as now listed; removed: the last known VM
  /// when the observer kept it (diff), else empty (watch keeps fingerprints only).
  std::optional<Instance> instance;
  std::vector<FieldChange> changes;  ///< changed: one entry per field, in to_json key order
  /// state: from and to, normalized and raw.
  State from = State::unknown;
  State to = State::unknown;
  std::string raw_from;
  std::string raw_to;
  /// provider_unavailable: why the listing failed.
  std::optional<Error> error;
};

/// The ndjson line `watch` and `diff` print: {"event":"state","provider":"kat","id":"vm_1",
/// "observed_at":"…Z", "from":"pending","to":"running","raw_from":"building","raw_to":"started"} —
/// keys present only where the kind carries them; "instance" in the to_json(Instance) form; "error"
/// as {"kind","message","http_status"}.
boost::json::object to_json(InventoryEvent const& event);

}  // namespace polycloud
