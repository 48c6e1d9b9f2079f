#include "sim/faults.hpp"

#include <boost/json.hpp>

#include <array>

namespace polycloud::sim {
namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 12> kKindNames{{
    {FaultKind::status, "status"},
    {FaultKind::reset_before_response, "reset_before_response"},
    {FaultKind::reset_mid_body, "reset_mid_body"},
    {FaultKind::stall, "stall"},
    {FaultKind::truncated_body, "truncated_body"},
    {FaultKind::malformed_json, "malformed_json"},
    {FaultKind::html_error, "html_error"},
    {FaultKind::wrong_content_type, "wrong_content_type"},
    {FaultKind::drip, "drip"},
    {FaultKind::sse_cut, "sse_cut"},
    {FaultKind::sse_final_error, "sse_final_error"},
    {FaultKind::raced, "raced"},
}};

// '*' matches any run of characters; everything else literally.
bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip) {
      if (glob_match(pattern.substr(1), text.substr(skip))) return true;
    }
    return false;
  }
  return !text.empty() && pattern.front() == text.front() && glob_match(pattern.substr(1), text.substr(1));
}

// Reads optional fields with type checks; the first mismatch becomes the error.
struct FieldReader {
  boost::json::object const& object;
  std::string& error;

  template <class T>
  void read(std::string_view key, T& out) {
    auto const* value = object.if_contains(key);
    if (value == nullptr || !error.empty()) return;
    auto result = boost::json::try_value_to<T>(*value);
    if (result) {
      out = *result;
    } else {
      error = "field '" + std::string(key) + "' has the wrong type";
    }
  }
};

}  // namespace

std::string_view to_string(FaultKind kind) noexcept {
  for (auto const& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<FaultKind> fault_kind_from_string(std::string_view name) noexcept {
  for (auto const& [kind, n] : kKindNames) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

bool Fault::matches(std::string_view request_method, std::string_view request_path) const {
  return (method == "*" || method == request_method) && glob_match(path, request_path);
}

std::optional<Fault> parse_fault(boost::json::value const& spec, std::string& error) {
  auto const* object = spec.if_object();
  if (object == nullptr) {
    error = "a fault must be a JSON object";
    return std::nullopt;
  }
  Fault fault;
  std::string kind_name = "status";
  FieldReader reader{*object, error};
  reader.read("fault", kind_name);
  reader.read("method", fault.method);
  reader.read("path", fault.path);
  reader.read("status", fault.status);
  reader.read("code", fault.code);
  reader.read("message", fault.message);
  reader.read("content_type", fault.content_type);
  reader.read("drip_bytes", fault.drip_bytes);
  reader.read("count", fault.count);
  std::int64_t duration_ms = 0;
  reader.read("duration_ms", duration_ms);
  fault.duration = std::chrono::milliseconds(duration_ms);
  if (auto const* retry_after = object->if_contains("retry_after")) {
    // Accept 2 or "2": the header is text, but a number is the natural thing to type.
    fault.retry_after = retry_after->is_string() ? std::string(retry_after->get_string())
                                                 : boost::json::serialize(*retry_after);
  }
  if (auto const* extra = object->if_contains("headers"); extra != nullptr && extra->is_object()) {
    for (auto const& [name, value] : extra->get_object()) {
      if (value.is_string()) fault.headers.emplace_back(std::string(name), std::string(value.get_string()));
    }
  }
  if (!error.empty()) return std::nullopt;
  auto const kind = fault_kind_from_string(kind_name);
  if (!kind) {
    error = "unknown fault kind '" + kind_name + "'";
    return std::nullopt;
  }
  fault.kind = *kind;
  if (fault.kind == FaultKind::html_error && object->if_contains("status") == nullptr) fault.status = 502;
  if (fault.kind == FaultKind::sse_final_error && object->if_contains("status") == nullptr) fault.status = 500;
  if (fault.count < 1 || fault.drip_bytes < 1) {
    error = "count and drip_bytes must be at least 1";
    return std::nullopt;
  }
  return fault;
}

boost::json::value to_json(Fault const& fault) {
  boost::json::object object{
      {"fault", to_string(fault.kind)}, {"method", fault.method},   {"path", fault.path},
      {"status", fault.status},         {"count", fault.count},     {"duration_ms", fault.duration.count()},
      {"message", fault.message},
  };
  if (fault.retry_after) object["retry_after"] = *fault.retry_after;
  if (!fault.code.empty()) object["code"] = fault.code;
  return object;
}

void FaultQueue::add(Fault fault) {
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(fault));
}

std::optional<Fault> FaultQueue::take(std::string_view method, std::string_view path, std::string_view target) {
  std::lock_guard lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!it->matches(method, path)) continue;
    Fault taken = *it;
    taken.count = 1;
    if (--it->count == 0) pending_.erase(it);
    consumed_.push_back({taken, std::string(method) + " " + std::string(target)});
    return taken;
  }
  return std::nullopt;
}

void FaultQueue::clear() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  consumed_.clear();
}

std::vector<Fault> FaultQueue::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

std::vector<ConsumedFault> FaultQueue::consumed() const {
  std::lock_guard lock(mutex_);
  return consumed_;
}

boost::json::value FaultQueue::to_json() const {
  std::lock_guard lock(mutex_);
  boost::json::array pending;
  for (auto const& fault : pending_) pending.push_back(sim::to_json(fault));
  boost::json::array consumed;
  for (auto const& [fault, request] : consumed_) {
    auto entry = sim::to_json(fault);
    entry.as_object()["request"] = request;
    consumed.push_back(std::move(entry));
  }
  return boost::json::object{{"pending", std::move(pending)}, {"consumed", std::move(consumed)}};
}

}  // namespace polycloud::sim
