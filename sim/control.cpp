// The control endpoints every simulator serves under /__sim/, outside the simulated API: no auth,
// no faults, no latency. /__sim/received is the API's own record (Api::received).
#include "sim/server_state.hpp"

#include <boost/json.hpp>

namespace polycloud::sim::detail {
namespace {

Reply control_error(int status, std::string message) {
  return Reply::json(status, boost::json::serialize(boost::json::object{{"error", message}}));
}

// Accepts one fault object, an array of them, or {"faults":[…]}.
Reply queue_faults(SimRequest const& request, ServerState& state) {
  boost::system::error_code ec;
  auto const body = boost::json::parse(request.body, ec);
  if (ec) return control_error(400, "body is not JSON: " + ec.message());
  boost::json::array specs;
  if (body.is_array()) {
    specs = body.get_array();
  } else if (auto const* listed = body.is_object() ? body.get_object().if_contains("faults") : nullptr;
             listed != nullptr && listed->is_array()) {
    specs = listed->get_array();
  } else {
    specs.push_back(body);
  }
  std::vector<Fault> faults;
  for (auto const& spec : specs) {
    std::string error;
    auto fault = parse_fault(spec, error);
    if (!fault) return control_error(400, error);
    faults.push_back(std::move(*fault));
  }
  for (auto& fault : faults) state.faults.add(std::move(fault));
  return Reply::json(201, boost::json::serialize(boost::json::object{{"queued", faults.size()}}));
}

Reply set_latency(SimRequest const& request, ServerState& state) {
  boost::system::error_code ec;
  auto const body = boost::json::parse(request.body, ec);
  if (ec || !body.is_object()) return control_error(400, "expected {\"fixed_ms\":N,\"jitter_ms\":M}");
  auto read = [&](char const* key) -> std::int64_t {
    auto const* value = body.get_object().if_contains(key);
    return value != nullptr && value->is_int64() ? value->get_int64() : 0;
  };
  state.latency_ms = read("fixed_ms");
  state.jitter_ms = read("jitter_ms");
  return Reply::empty(204);
}

}  // namespace

std::chrono::milliseconds ServerState::next_latency() {
  std::int64_t const jitter = jitter_ms;
  std::int64_t extra = 0;
  if (jitter > 0) {
    std::lock_guard lock(rng_mutex);
    extra = std::uniform_int_distribution<std::int64_t>(0, jitter)(rng);
  }
  return std::chrono::milliseconds(latency_ms + extra);
}

std::optional<Reply> handle_control(SimRequest const& request, ServerState& state) {
  auto const path = request.path();
  if (!path.starts_with("/__sim/")) return std::nullopt;
  auto const& method = request.method;
  if (path == "/__sim/faults") {
    if (method == "POST") return queue_faults(request, state);
    if (method == "GET") return Reply::json(200, boost::json::serialize(state.faults.to_json()));
    if (method == "DELETE") {
      state.faults.clear();
      return Reply::empty(204);
    }
  } else if (path == "/__sim/stats") {
    if (method == "GET") return Reply::json(200, boost::json::serialize(state.stats.to_json()));
    if (method == "DELETE") {
      state.stats.reset();
      return Reply::empty(204);
    }
  } else if (path == "/__sim/received") {
    if (method == "GET") return Reply::json(200, boost::json::serialize(state.api.received()));
  } else if (path == "/__sim/latency" && method == "POST") {
    return set_latency(request, state);
  } else {
    return control_error(404, "no such control endpoint: " + path);
  }
  return control_error(405, "method not allowed on " + path);
}

}  // namespace polycloud::sim::detail
