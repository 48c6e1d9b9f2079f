#include <polycloud/inventory.hpp>

#include <array>
#include <utility>

namespace polycloud {
namespace {

constexpr std::array<std::pair<InventoryEventKind, std::string_view>, 6> kind_names{{
    {InventoryEventKind::added, "added"},
    {InventoryEventKind::removed, "removed"},
    {InventoryEventKind::changed, "changed"},
    {InventoryEventKind::state, "state"},
    {InventoryEventKind::provider_unavailable, "provider_unavailable"},
    {InventoryEventKind::provider_recovered, "provider_recovered"},
}};

}  // namespace

std::string_view to_string(InventoryEventKind kind) noexcept {
  for (auto const& [each, name] : kind_names)
    if (each == kind) return name;
  return "unknown";
}

std::optional<InventoryEventKind> parse_inventory_event_kind(std::string_view text) noexcept {
  for (auto const& [each, name] : kind_names)
    if (name == text) return each;
  return std::nullopt;
}

boost::json::object to_json(InventoryEvent const& event) {
  boost::json::object out;
  out["event"] = to_string(event.kind);
  out["provider"] = event.provider;
  if (!event.id.empty()) out["id"] = event.id;
  out["observed_at"] = format_rfc3339(event.observed_at);
  if (event.kind == InventoryEventKind::state) {
    out["from"] = to_string(event.from);
    out["to"] = to_string(event.to);
    out["raw_from"] = event.raw_from;
    out["raw_to"] = event.raw_to;
  }
  if (!event.changes.empty()) {
    boost::json::array changes;
    for (FieldChange const& change : event.changes)
      changes.push_back(boost::json::object{{"field", change.field}, {"before", change.before}, {"after", change.after}});
    out["changes"] = std::move(changes);
  }
  if (event.instance) out["instance"] = to_json(*event.instance);
  if (event.error)
    out["error"] = boost::json::object{{"kind", std::string(to_string(event.error->kind))},
                                       {"message", event.error->message},
                                       {"http_status", event.error->http_status}};
  return out;
}

}  // namespace polycloud
