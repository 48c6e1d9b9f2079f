#pragma once
// ByCloud's documented error body, {"error": {"code": <HTTP status>, "message", "details"?,
// "request_id": "req-…"}}, read for the shared error mapping (status → kind, Retry-After, attempts).

#include "providers/common/error_mapping.hpp"

#include <string_view>

namespace polycloud::bycloud {

/// Message ("message: details"), code and request id from the body; anything else falls back to the
/// generic decoder (a proxy's HTML page, plain text).
providers::DecodedError decode_error(int status, std::string_view body);

}  // namespace polycloud::bycloud
