#pragma once
// Katapult error bodies: {"code","description","detail"} as the reference prints them, or wrapped as
// {"error":{…}} as the service answers. The code decides the kind (a 400 missing_api_token is
// unauthenticated); a code we do not know falls back to the HTTP status.

#include "providers/common/error_envelope.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/resource_actions.hpp"

#include <polycloud/error.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace polycloud::katapult {

/// Every code api-facts.md lists, with its kind.
inline constexpr std::array<providers::CodeKind, 21> error_code_table{{
    {"missing_api_token", ErrorKind::unauthenticated},
    {"invalid_api_token", ErrorKind::unauthenticated},
    {"invalid_capabilities_token", ErrorKind::unauthenticated},
    {"unauthorized_network_for_api_token", ErrorKind::permission_denied},
    {"scope_not_granted", ErrorKind::permission_denied},
    {"organization_suspended", ErrorKind::permission_denied},
    {"organization_not_activated", ErrorKind::permission_denied},
    {"permission_denied", ErrorKind::permission_denied},
    {"organization_not_found", ErrorKind::not_found},
    {"virtual_machine_not_found", ErrorKind::not_found},
    {"build_not_found", ErrorKind::not_found},
    {"task_not_found", ErrorKind::not_found},
    // Deleted (delete moves a VM to the trash), though restorable: gone, as far as the neutral model
    // goes, so waiting for a delete ends on it.
    {"object_in_trash", ErrorKind::not_found},
    {"task_queueing_error", ErrorKind::unavailable},  // "please try again later"
    {"deletion_restricted", ErrorKind::conflict},
    {"validation_error", ErrorKind::invalid_argument},
    {"invalid_argument", ErrorKind::invalid_argument},
    {"missing_required_argument", ErrorKind::invalid_argument},
    {"invalid_json_body", ErrorKind::invalid_argument},
    {"rate_limit_reached", ErrorKind::rate_limited},
    {"service_unavailable", ErrorKind::unavailable},
}};

/// The code the API answers for a path it has no route for (undocumented; the simulator answers it
/// as a 404). Our paths are fixed, so it means the configured endpoint's path is wrong (say /core/v2):
/// `config`, never `not_found`, which would read as "the VM is gone" (a wait for `terminated` would
/// then succeed against any endpoint).
inline constexpr std::string_view route_not_found_code = "route_not_found";

/// A delete's errors that mean the VM is already gone: only Katapult's own code says so (a 404 without
/// it, a proxy's page or a wrong path, proves nothing).
inline providers::GoneRule const already_deleted{false, {"virtual_machine_not_found"}};
/// Gone too (deleted, though restorable), but a purge may still apply: KatapultProvider::remove.
inline constexpr std::string_view in_trash_code = "object_in_trash";

/// The kind for a code; nullopt for a code not in the table (the status then decides).
std::optional<ErrorKind> kind_for_code(std::string_view code) noexcept;

/// The ErrorBodyDecoder for Katapult: the code, its kind (route_not_found: config), and a message from
/// the description plus what the detail adds (granted scopes missing, the refused IP address, the per-minute limit, the
/// validation errors).
providers::DecodedError decode_error(int status, std::string_view body);

/// detail.total_permitted of a rate_limit_reached body: the requests permitted per minute.
std::optional<int> permitted_per_minute(std::string_view body);

}  // namespace polycloud::katapult
