#pragma once
// Builds OpenScaler requests: its URLs, provider options, the create body and power-action bodies.
// The shared parts (resource_url, option checks) are the toolkit's. No I/O.

#include "providers/common/requests.hpp"
#include "providers/openscaler/errors.hpp"

#include <polycloud/config.hpp>
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::openscaler {

/// GET /v1/vms?project_id=P
boost::urls::url list_url(boost::urls::url_view endpoint, std::string_view project_id);
/// /v1/vms/{id}, with one only= parameter per requested part.
boost::urls::url vm_url(boost::urls::url_view endpoint, std::string_view id,
                        std::vector<std::string> const& only = {});
/// POST /v1/vms/{id}/actions
boost::urls::url actions_url(boost::urls::url_view endpoint, std::string_view id);

enum class PowerAction { start, shutdown, power_off, reboot, reset };
std::string_view to_string(PowerAction action) noexcept;
std::optional<PowerAction> parse_power_action(std::string_view text) noexcept;
/// {"type":"shutdown"}
std::string action_body(PowerAction action);

/// The project: the per-call option wins over the configured one; ErrorKind::config when neither is set.
Result<std::string> resolve_project(boost::json::object const& options, std::optional<std::string> const& configured,
                                    CallSite const& site);

/// The get option "only": ["state","network"] or "state,network". The result always starts with
/// "basic" (the API returns it anyway), has no duplicates and keeps the documented order.
/// Empty when the option is absent (the API then returns every part).
Result<std::vector<std::string>> parse_only(boost::json::object const& options, CallSite const& site);

/// The documented create body. Size, image and region go through the configured aliases; tags and
/// zones, which OpenScaler does not have, are rejected rather than dropped. An idempotency key rides in
/// the description as a marker (key_marker.hpp).
Result<boost::json::object> create_body(CreateSpec const& spec, Aliases const& aliases, std::string const& project_id,
                                        std::int64_t sequence_id, CallSite const& site);

}  // namespace polycloud::openscaler
