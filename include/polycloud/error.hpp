#pragma once
// One error type for the whole library, and Result<T> to carry it.
//
// Why values, not exceptions: an expected failure (404, 429, a wrong token) is an answer
// the caller branches on, so it travels as a value through every coroutine. Exceptions are
// reserved for programming errors (e.g. calling value() on a failed Result).

#include <boost/system/result.hpp>

#include <chrono>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace polycloud {

enum class ErrorKind {
  unauthenticated,    ///< missing or wrong credential
  permission_denied,  ///< credential valid, action not allowed
  not_found,
  invalid_argument,   ///< the request was rejected as malformed or invalid (400/422)
  conflict,           ///< the resource's current state forbids the action (409)
  rate_limited,       ///< 429 or a provider's rate-limit code, after retries
  unavailable,        ///< 502/503/504, connection refused, after retries
  timeout,            ///< a deadline passed (connect, attempt or the caller's overall one)
  transport,          ///< socket-level failure: reset, DNS, EOF mid-message
  tls,                ///< handshake failed: untrusted certificate, hostname mismatch
  protocol,           ///< malformed or unexpected response (bad JSON, wrong content type, limit exceeded)
  not_supported,      ///< the provider does not offer this operation; nothing was sent
  cancelled,          ///< the caller cancelled
  unknown_outcome,    ///< a create whose result could not be learned; the VM may exist
  provider_internal,  ///< 500 or an equivalent provider-side failure
  config,             ///< bad or missing configuration
};

/// Stable lower-case name of a kind ("not_found"), used in messages, JSON and docs.
std::string_view to_string(ErrorKind kind) noexcept;

struct Error {
  ErrorKind kind = ErrorKind::provider_internal;
  std::string message;        ///< human-readable cause; never contains a credential
  std::string provider;       ///< configured provider name ("alg"), empty when not provider-bound
  std::string operation;      ///< "list", "get", "create", "delete", "start", "stop", "reboot", "config"…
  int http_status = 0;        ///< 0 when no HTTP response was received
  std::string provider_code;  ///< the provider's own error code ("virtual_machine_not_found"), if any
  std::string request_id;     ///< the provider's request id, if any
  std::optional<std::chrono::seconds> retry_after;  ///< server-advised wait, if any
  int attempts = 0;           ///< HTTP attempts made; 0 when nothing was sent

  /// One line: "alg: get: not_found: VM 42 does not exist (HTTP 404, request req-1, 1 attempt)".
  std::string to_string() const;
};

/// `std::cout << kind` writes to_string(kind); `<< error` writes error.to_string(). fmt users include
/// <polycloud/fmt.hpp> for the same text through fmt::format and fmt::print.
std::ostream& operator<<(std::ostream& out, ErrorKind kind);
std::ostream& operator<<(std::ostream& out, Error const& error);

/// Thrown only by Result<T>::value() on a failed result: a programming shortcut, not the normal path.
class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error error);
  Error const& error() const noexcept { return error_; }

 private:
  Error error_;
};

/// Found by ADL from boost::system::result<T, Error>::value().
[[noreturn]] void throw_exception_from_error(Error const& error, boost::source_location const& loc);

template <class T>
using Result = boost::system::result<T, Error>;

/// Convenience constructor: make_error(ErrorKind::config, "…") with optional provider/operation.
Error make_error(ErrorKind kind, std::string message, std::string provider = {}, std::string operation = {});

/// The default kind for an HTTP status when a provider's error body does not say better.
ErrorKind error_kind_for_http_status(int status) noexcept;

}  // namespace polycloud
