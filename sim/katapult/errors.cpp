#include "sim/katapult/errors.hpp"

#include <array>

namespace polycloud::sim::katapult {
namespace {

constexpr std::array<ErrorCode, 25> kErrors{{
    {"missing_api_token", 400,
     "No API token was provided in the Authorization header. Ensure a token is provided prefixed with Bearer"},
    {"invalid_api_token", 403, "The API token provided was not valid (it may not exist or have expired)"},
    {"unauthorized_network_for_api_token", 403, "Network is not allowed to access the API with this API token"},
    {"scope_not_granted", 403,
     "The scope required for this endpoint has not been granted to the authenticating identity"},
    {"organization_suspended", 403, "An organization was found from the arguments provided but it was suspended"},
    {"organization_not_activated", 403,
     "An organization was found from the arguments provided but it wasn't activated yet"},
    {"permission_denied", 403, "The authenticated identity is not permitted to perform this action"},
    {"organization_not_found", 404, "No organization was found matching any of the criteria provided in the arguments"},
    {"virtual_machine_not_found", 404,
     "No virtual machine was found matching any of the criteria provided in the arguments"},
    {"build_not_found", 404, "No build was found matching any of the criteria provided in the arguments"},
    {"task_not_found", 404, "No task was found matching any of the criteria provided in the arguments"},
    {"trash_object_not_found", 404, "No trash object was found matching any of the criteria provided in the arguments"},
    {"package_not_found", 404, "No package was found matching any of the criteria provided in the arguments"},
    {"zone_not_found", 404, "No zone was found matching any of the criteria provided in the arguments"},
    {"route_not_found", 404, "No route matches the path and method provided"},
    {"object_in_trash", 406,
     "The object found is in the trash and therefore cannot be manipulated through the API. It should be "
     "restored in order to run this operation."},
    {"task_queueing_error", 406, "The task could not be queued, please try again later"},
    {"deletion_restricted", 409, "Object cannot be deleted"},
    {"validation_error", 422, "A validation error occurred with the object that was being created/updated/deleted"},
    {"invalid_argument", 400, "The argument provided is invalid"},
    {"invalid_spec_xml", 400, "The spec XML provided is invalid"},
    {"missing_required_argument", 400, "A required argument was not provided"},
    {"invalid_json_body", 400, "The JSON body provided could not be parsed"},
    {"rate_limit_reached", 429, "You have reached the rate limit for this type of request"},
    {"service_unavailable", 503, "The service is currently unavailable, please try again later"},
}};

constexpr ErrorCode kUnknown{"error", 400, "An error occurred"};

}  // namespace

ErrorCode const& error_code(std::string_view code) noexcept {
  for (auto const& entry : kErrors) {
    if (entry.code == code) return entry;
  }
  return kUnknown;
}

std::string_view code_for_status(int status) noexcept {
  switch (status) {
    case 400: return "invalid_argument";
    case 403: return "permission_denied";
    // A status fault without a code is "the API answered 404": one of its documented not-found codes.
    // route_not_found is only what a path without a route gets (answered by the API itself), and
    // means a wrong endpoint to a client, not a missing VM.
    case 404: return "virtual_machine_not_found";
    case 406: return "task_queueing_error";
    case 409: return "deletion_restricted";
    case 422: return "validation_error";
    case 429: return "rate_limit_reached";
    case 503: return "service_unavailable";
    default: return status >= 500 ? "internal_server_error" : "error";
  }
}

}  // namespace polycloud::sim::katapult
