#pragma once
// An HTTP error answer → polycloud::Error. The shared part (status → kind, attempts, retry note,
// Retry-After, request id, scrubbing) is here; each adapter supplies only a decoder for its body.

#include "providers/common/call_site.hpp"

#include "http/client.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace polycloud::providers {

/// What an adapter reads from an error body.
struct DecodedError {
  std::string message;             ///< human-readable; empty: the status is described instead
  std::string code;                ///< the provider's own code ("virtual_machine_not_found")
  std::optional<ErrorKind> kind;   ///< overrides the status's kind (a code says better than a status)
  std::string request_id;          ///< when the body carries one (else the X-Request-Id header is used)
};

/// Decodes a body; `status` lets a decoder tell "400 missing_api_token" from a plain 400.
using ErrorBodyDecoder = DecodedError (*)(int status, std::string_view body);

/// The generic decoder: a JSON "message", "detail" or "error" field (or {"error": {"message"}}),
/// else the text itself as one line.
DecodedError decode_generic_error(int status, std::string_view body);

/// The Error for an HTTP status and its body (e.g. a final event of a create stream).
Error error_from_status(int status, std::string_view body, CallSite const& site,
                        ErrorBodyDecoder decode = decode_generic_error);

/// Whether an error answer to a create leaves its outcome unknown: a gateway's 502 (the backend's answer
/// was bad: the backend had the request) or 504 (the backend did not answer in time) says nothing about
/// whether the backend did the work. The VM may exist, so an adapter looks it up as for a lost answer,
/// and the error is `unknown_outcome` when it is not found. A 503 or 500 is refused or failed work.
bool leaves_create_unknown(http::Response const& response) noexcept;

/// The error after a create whose outcome is unknown and a lookup that did not settle it: `cause`
/// (the lost answer or the 504), as unknown_outcome, with what the lookup found and that `request`
/// ("the create", "the build") was not re-sent.
Error unknown_create_outcome(Error cause, std::string_view finding, std::string_view request);

/// The Error for a non-2xx response: also keeps attempts, the retry note, Retry-After and the request id.
Error error_from_response(http::Response const& response, CallSite const& site,
                          ErrorBodyDecoder decode = decode_generic_error);

}  // namespace polycloud::providers
