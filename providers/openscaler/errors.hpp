#pragma once
// OpenScaler's error answers → polycloud::Error. The error body is not documented: JSON carrying a
// "message", "detail" or "error" field is read, anything else is kept as plain text, and the HTTP
// status is always reported.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include "http/client.hpp"

#include <string>
#include <string_view>

namespace polycloud::openscaler {

/// Who failed: the configured provider name, the operation, and the credential that must never
/// appear in a message (a server may echo it back).
struct CallSite {
  std::string provider;
  std::string operation;
  Secret const* token = nullptr;
};

/// The human-readable part of an error body: a JSON message/detail/error field when there is one,
/// else the text itself (whitespace collapsed, bounded in length). Empty for an empty body.
std::string error_message_from_body(std::string_view body);

/// An error for an HTTP status and its body. The kind follows the status (401 unauthenticated,
/// 403 permission_denied, 404 not_found, 408 timeout, 400 invalid_argument, 500 provider_internal…).
Error error_from_status(int status, std::string_view body, CallSite const& site);

/// The same for a whole response: also keeps the attempt count, request id and Retry-After.
Error error_from_response(http::Response const& response, CallSite const& site);

/// ErrorKind::protocol: the provider answered something we cannot read.
Error protocol_error(CallSite const& site, std::string message);

/// Names the site in an error that came from elsewhere (the transport) and scrubs the credential.
Error attribute(Error error, CallSite const& site);

}  // namespace polycloud::openscaler
