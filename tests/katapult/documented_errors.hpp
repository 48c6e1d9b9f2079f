#pragma once
// Every Katapult error code api-facts.md lists, with its documented status (missing_api_token: the
// service's 400, not the page's 401) and the kind the adapter must give it. Written out here, apart
// from the adapter's own table, so that a wrong entry there fails the tests.

#include <polycloud/error.hpp>

namespace polycloud::katapult::test {

struct DocumentedError {
  char const* code;
  int status;
  ErrorKind kind;
};

inline constexpr DocumentedError documented_errors[] = {
    {"missing_api_token", 400, ErrorKind::unauthenticated},
    {"invalid_api_token", 403, ErrorKind::unauthenticated},
    {"unauthorized_network_for_api_token", 403, ErrorKind::permission_denied},
    {"invalid_capabilities_token", 403, ErrorKind::unauthenticated},
    {"scope_not_granted", 403, ErrorKind::permission_denied},
    {"organization_suspended", 403, ErrorKind::permission_denied},
    {"organization_not_activated", 403, ErrorKind::permission_denied},
    {"permission_denied", 403, ErrorKind::permission_denied},
    {"organization_not_found", 404, ErrorKind::not_found},
    {"virtual_machine_not_found", 404, ErrorKind::not_found},
    {"build_not_found", 404, ErrorKind::not_found},
    {"task_not_found", 404, ErrorKind::not_found},
    {"object_in_trash", 406, ErrorKind::not_found},
    {"task_queueing_error", 406, ErrorKind::unavailable},
    {"deletion_restricted", 409, ErrorKind::conflict},
    {"validation_error", 422, ErrorKind::invalid_argument},
    {"invalid_argument", 400, ErrorKind::invalid_argument},
    {"missing_required_argument", 400, ErrorKind::invalid_argument},
    {"invalid_json_body", 400, ErrorKind::invalid_argument},
    {"rate_limit_reached", 429, ErrorKind::rate_limited},
    {"service_unavailable", 503, ErrorKind::unavailable},
};

}  // namespace polycloud::katapult::test
