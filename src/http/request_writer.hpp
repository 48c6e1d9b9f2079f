#pragma once
// Serializes a Request into the exact bytes written to the socket (one write per attempt).

#include "http/client.hpp"

#include <string>

namespace polycloud::http {

struct SerializedRequest {
  std::string bytes;
  Headers sent_headers;  ///< every header as sent (credentials too): for the redacting trace only
};

/// Adds Host, User-Agent: polycloud/<version>, Accept: application/json (unless the request sets its
/// own), Content-Length, then the request's headers and, when given, the credential headers.
SerializedRequest serialize_request(Request const& request, Headers const* credential_headers);

}  // namespace polycloud::http
