#include "providers/openscaler/create_stream.hpp"

#include "providers/openscaler/vm_mapping.hpp"

#include <boost/json/parse.hpp>

#include <charconv>

namespace polycloud::openscaler {

namespace json = boost::json;

namespace {

/// The final event's type is an HTTP status ("200"); nullopt for any other type.
std::optional<int> status_of(std::string_view type) {
  int status = 0;
  auto [end, ec] = std::from_chars(type.data(), type.data() + type.size(), status);
  if (ec != std::errc{} || end != type.data() + type.size() || status < 100 || status > 599) return std::nullopt;
  return status;
}

std::optional<json::value> try_parse(std::string_view text) {
  std::error_code ec;
  auto value = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return std::nullopt;
  return value;
}

}  // namespace

Progress parse_progress(std::string_view data) {
  Progress progress;
  auto value = try_parse(data);
  auto const* object = value ? value->if_object() : nullptr;
  if (object == nullptr) {
    progress.message = std::string(data);
    return progress;
  }
  if (auto const* percent = object->if_contains("progress"); percent && percent->is_number()) {
    progress.percent = Progress::bounded_percent(percent->to_number<double>());  // 0..100, as provider.hpp promises
  }
  if (auto const* message = object->if_contains("message"); message && message->is_string()) {
    progress.message = std::string(message->get_string());
  }
  return progress;
}

CreateStream::CreateStream(ProgressCallback progress, CallSite site, std::size_t max_event_bytes)
    : parser_(max_event_bytes), progress_(std::move(progress)), site_(std::move(site)) {}

Result<void> CreateStream::feed(std::string_view bytes) {
  return parser_.feed(bytes, [this](http::SseEvent const& event) { on_event(event); });
}

void CreateStream::on_event(http::SseEvent const& event) {
  if (final_) return;  // the answer is settled; anything after it is noise
  if (event.type == "progress") {
    ++progress_events_;
    if (!progress_) return;
    auto progress = parse_progress(event.data);
    providers::scrub(progress.message, site_);  // a server echoing the token here reaches stderr and the trace
    progress_(std::move(progress));
    return;
  }
  if (auto status = status_of(event.type)) final_ = final_result(*status, event.data);
  // Other event types (keep-alives, future additions) carry nothing we use.
}

Result<Instance> CreateStream::final_result(int status, std::string const& data) const {
  if (status < 200 || status >= 300) return providers::error_from_status(status, data, site_);
  if (!try_parse(data)) {
    return make_error(ErrorKind::unknown_outcome,
                      "the final event says the VM was created, but its data is not JSON", site_.provider,
                      site_.operation);
  }
  auto instance = to_instance(data, site_);
  if (!instance) {
    auto error = instance.error();
    error.kind = ErrorKind::unknown_outcome;
    error.message = "the final event says the VM was created, but it cannot be read: " + error.message;
    return error;
  }
  // The API echoes the create's sequence_id in the VM. Another one names some other create's VM: taking
  // it would hand back (and later delete) a VM that is not ours, and say nothing of ours (issue 22).
  if (auto const echoed = instance->extras.find("sequence_id");
      sequence_id_ && echoed != instance->extras.end() && echoed->second != std::to_string(*sequence_id_)) {
    auto error = make_error(ErrorKind::unknown_outcome,
                            "protocol error: the final event's VM carries sequence_id " + echoed->second +
                                ", not the " + std::to_string(*sequence_id_) + " this create sent",
                            site_.provider, site_.operation);
    providers::scrub(error.message, site_);
    return error;
  }
  return instance;
}

Result<Instance> CreateStream::finish() {
  parser_.finish();
  if (final_) return *final_;
  return make_error(ErrorKind::unknown_outcome,
                    "the event stream ended after " + std::to_string(progress_events_) +
                        " progress events without a final event; the VM may exist",
                    site_.provider, site_.operation);
}

}  // namespace polycloud::openscaler
