#pragma once
// The Katapult-specific configuration keys, read once and checked by the registry's validate step.
//
//   "organization":       {"id": "org_…"} or {"sub_domain": "acme"}: exactly one (the API takes one)
//   "per_page":           list page size, 1..200 (default 200, the API's maximum: fewest requests)
//   "list_concurrency":   list pages in flight after the first, with or without totals (default 4)
//   "detail_concurrency": per-VM detail fetches in flight per page in a detailed list (default 8)
//   "stop_action":        "shutdown" (default, graceful ACPI) or "stop" (hard power-off)
//   "purge_on_delete":    true: a delete also purges the VM from the trash (default false)
//
// The neutral interface has one stop and one delete; these keys are how a user reaches the API's
// hard stop and purge without a provider-specific call.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::katapult {

inline constexpr std::string_view type_name = "katapult";

/// How the organization is named: `organization[<key>]=<value>` in every request that needs one.
struct Organization {
  std::string key;  ///< "id" or "sub_domain"
  std::string value;
};

enum class StopAction { shutdown, stop };
std::string_view to_string(StopAction action) noexcept;

inline constexpr std::size_t max_per_page = 200;

struct Settings {
  Organization organization;
  std::size_t per_page = max_per_page;
  std::size_t list_concurrency = 4;
  std::size_t detail_concurrency = 8;
  StopAction stop_action = StopAction::shutdown;
  bool purge_on_delete = false;
};

/// The keys read_settings reads (the registry's own_keys).
std::vector<std::string> setting_keys();

/// ErrorKind::config naming the source and key path ("providers.k.organization") for a bad value;
/// both or neither of organization.id and organization.sub_domain is an error.
Result<Settings> read_settings(ProviderConfig const& config);

}  // namespace polycloud::katapult
