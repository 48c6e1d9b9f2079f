#include <polycloud/error.hpp>

#include <ostream>

namespace polycloud {

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::permission_denied: return "permission_denied";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::transport: return "transport";
    case ErrorKind::tls: return "tls";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::not_supported: return "not_supported";
    case ErrorKind::cancelled: return "cancelled";
    case ErrorKind::unknown_outcome: return "unknown_outcome";
    case ErrorKind::provider_internal: return "provider_internal";
    case ErrorKind::config: return "config";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, ErrorKind kind) { return out << to_string(kind); }
std::ostream& operator<<(std::ostream& out, Error const& error) { return out << error.to_string(); }

std::string Error::to_string() const {
  std::string out;
  if (!provider.empty()) out += provider + ": ";
  // A config error's operation is "config" too: say it once.
  if (!operation.empty() && operation != polycloud::to_string(kind)) out += operation + ": ";
  out += polycloud::to_string(kind);
  if (!message.empty()) out += ": " + message;
  std::string details;
  auto add = [&details](std::string const& part) { details += (details.empty() ? "" : ", ") + part; };
  if (http_status != 0) add("HTTP " + std::to_string(http_status));
  if (!provider_code.empty()) add("code " + provider_code);
  if (!request_id.empty()) add("request " + request_id);
  if (retry_after) add("retry after " + std::to_string(retry_after->count()) + "s");
  if (attempts > 1) add(std::to_string(attempts) + " attempts");
  if (!details.empty()) out += " (" + details + ")";
  return out;
}

ErrorException::ErrorException(Error error) : std::runtime_error(error.to_string()), error_(std::move(error)) {}

void throw_exception_from_error(Error const& error, boost::source_location const&) { throw ErrorException(error); }

Error make_error(ErrorKind kind, std::string message, std::string provider, std::string operation) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  error.provider = std::move(provider);
  error.operation = std::move(operation);
  return error;
}

ErrorKind error_kind_for_http_status(int status) noexcept {
  switch (status) {
    case 400: case 405: case 411: case 413: case 414: case 415: case 422: return ErrorKind::invalid_argument;
    case 401: return ErrorKind::unauthenticated;
    case 403: return ErrorKind::permission_denied;
    case 404: case 410: return ErrorKind::not_found;
    case 408: case 504: return ErrorKind::timeout;
    case 406: case 409: case 412: case 423: return ErrorKind::conflict;
    case 429: return ErrorKind::rate_limited;
    case 502: case 503: return ErrorKind::unavailable;
    default: break;
  }
  if (status >= 500) return ErrorKind::provider_internal;
  if (status >= 400) return ErrorKind::invalid_argument;
  return ErrorKind::protocol;  // a 1xx/3xx where an answer was expected
}

}  // namespace polycloud
