#pragma once
// Fault injection, modelled on the Cloud Storage testbench's retry-test API: faults are queued for a
// route (method + path pattern) and each matching request consumes one. Thread-safe: tests queue
// faults from their own thread while the server's thread consumes them.
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud::sim {

enum class FaultKind {
  status,                 // answer `status` with the provider's error body (optionally Retry-After)
  reset_before_response,  // read the request, then reset the connection (RST) without answering
  reset_mid_body,         // send the head and half the body, then reset
  stall,                  // wait `duration` before answering normally
  truncated_body,         // Content-Length larger than the bytes sent, then close
  malformed_json,         // 200 with a JSON content type and a body that does not parse; in an event
                          // stream, the final event's data as Python-dict-like text instead of JSON
  html_error,             // `status` (default 502) with an HTML page, as a proxy would send
  wrong_content_type,     // the normal body under `content_type` (default text/html)
  drip,                   // the normal response in writes of `drip_bytes`, `duration` apart
  sse_cut,                // an event stream closed before its final event
  sse_final_error,        // an event stream whose final event is `status` (default 500) with an error
  raced,                  // the same request from another client is handled first (its answer goes to
                          // no one), then this one: two clients' identical requests in a known order
};

std::string_view to_string(FaultKind kind) noexcept;
std::optional<FaultKind> fault_kind_from_string(std::string_view name) noexcept;

struct Fault {
  std::string method = "*";  // "*" matches every method
  std::string path = "*";    // glob: '*' matches any run of characters ("/v1/vms/*/actions")
  FaultKind kind = FaultKind::status;
  int status = 503;
  std::optional<std::string> retry_after;  // Retry-After header value, when set
  std::string code;                        // provider error code for the body (Katapult)
  std::string message = "injected fault";
  std::string content_type = "text/html";                  // for wrong_content_type
  std::chrono::milliseconds duration{0};                   // stall length or drip interval
  std::size_t drip_bytes = 1;                              // for drip
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers (Location…)
  int count = 1;                                           // how many requests it applies to

  bool matches(std::string_view request_method, std::string_view request_path) const;
};

/// Parses one fault object as POSTed to /__sim/faults ({"fault":"status","status":503,…}).
/// Returns nullopt and sets `error` for an unknown kind or a wrongly typed field.
std::optional<Fault> parse_fault(boost::json::value const& spec, std::string& error);
boost::json::value to_json(Fault const& fault);

struct ConsumedFault {
  Fault fault;
  std::string request;  // "GET /v1/vms?project_id=default"
};

class FaultQueue {
 public:
  void add(Fault fault);
  /// Takes one use of the first pending fault matching the request, if any.
  std::optional<Fault> take(std::string_view method, std::string_view path, std::string_view target);
  void clear();
  std::vector<Fault> pending() const;
  std::vector<ConsumedFault> consumed() const;
  /// {"pending":[…],"consumed":[{…,"request":"GET /v1/vms"}]}
  boost::json::value to_json() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Fault> pending_;
  std::vector<ConsumedFault> consumed_;
};

}  // namespace polycloud::sim
