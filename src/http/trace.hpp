#pragma once
// One trace line per attempt, with credentials redacted: the only place request headers are printed.

#include "http/client.hpp"

#include <chrono>
#include <string>

namespace polycloud::http {

struct TraceRecord {
  std::string_view provider{};
  std::string_view operation{};
  Method method = Method::get;
  std::string_view url{};
  Headers const* sent_headers = nullptr;     ///< as sent, credentials included (they are redacted here)
  Headers const* secret_headers = nullptr;   ///< configured credentials: any header of that name is redacted
  int attempt = 1;
  int status = 0;                            ///< 0: no response
  std::size_t bytes = 0;                     ///< response body bytes received
  std::chrono::milliseconds duration{0};
  std::string_view error{};                   ///< empty when a response arrived
};

/// True for Authorization, Proxy-Authorization, Cookie, X-Api-Key and any configured credential header.
bool is_secret_header(std::string_view name, Headers const& secret_headers) noexcept;

/// "alg list attempt 1: GET https://… -> 200, 512 bytes, 12 ms [Authorization: REDACTED, …]"
std::string format_trace_line(TraceRecord const& record);

/// The request a dry run shows: "POST https://…", one "Name: value" line per header as it would be
/// sent (credentials REDACTED), a blank line, the body.
std::string format_dry_run(Request const& request, Headers const& sent_headers, Headers const& secret_headers);

}  // namespace polycloud::http
