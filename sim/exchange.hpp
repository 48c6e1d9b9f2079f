#pragma once
// What a simulated API sees (SimRequest) and answers (Reply). Kept free of Beast so the provider
// simulators stay plain functions from request to reply; the wire details live in session.cpp.
#include <boost/json/value.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud::sim {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct SimRequest {
  std::string method;  // "GET", "POST"…
  std::string target;  // as received: "/v1/vms?project_id=default"
  boost::urls::url url;  // target parsed (origin-form): path segments and query params decoded by Boost.URL
  HeaderList headers;
  std::string body;

  std::string path() const { return std::string(url.path()); }
  /// Decoded path segments: "/v1/vms/8/actions" → {"v1","vms","8","actions"}.
  std::vector<std::string> segments() const;
  /// Case-insensitive header lookup; nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;
  /// First value of a query parameter (decoded); nullopt when absent.
  std::optional<std::string> param(std::string_view key) const;
  /// Every value of a repeated query parameter, in order.
  std::vector<std::string> params(std::string_view key) const;
};

struct SseEvent {
  std::string event;  // "progress", "200", "400"…
  std::string data;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  HeaderList headers;  // extra headers (Retry-After, X-RateLimit-*…)
  std::string body;

  // A server-sent event stream (chunked): events are written one by one, `event_interval` apart.
  std::vector<SseEvent> events;
  bool event_stream = false;
  std::chrono::milliseconds event_interval{0};

  // A body too large to build at once (a million-VM list): called until it returns false; each call
  // appends the next piece to `out`. Written chunked.
  std::function<bool(std::string& out)> next_chunk;

  static Reply json(int status, std::string body) {
    Reply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
  }
  static Reply empty(int status) {
    Reply reply;
    reply.status = status;
    reply.content_type.clear();
    return reply;
  }
};

/// One simulated provider API. Handlers are synchronous: all data is in memory, and time-dependent
/// states (builds, tasks) are computed from the clock when asked.
class Api {
 public:
  virtual ~Api() = default;
  virtual std::string_view provider() const noexcept = 0;
  virtual Reply handle(SimRequest const& request) = 0;
  /// The provider's own error body for `status`, used for faults and its own errors alike.
  /// `code` is a provider error code where the provider has them (Katapult), else ignored.
  virtual std::string error_body(int status, std::string_view code, std::string_view message) const = 0;
  /// GET /__sim/received: what this API recorded of the requests it took (a build's spec, a create's
  /// key name), for tests to check what arrived. Runs on the server's thread, as handle() does.
  virtual boost::json::value received() const { return boost::json::object{}; }
  /// The reply to an unauthenticated/unknown request, in this provider's shape.
  Reply error(int status, std::string_view code, std::string_view message) const {
    return Reply::json(status, error_body(status, code, message));
  }
};

}  // namespace polycloud::sim
