#pragma once
// Reads the create answer: a text/event-stream of `progress` events, then one final event whose type
// is an HTTP status ("200" with the VM, "400"/"500" with an error). Fed with bytes as they arrive, so
// each progress event reaches the caller while the VM is still being built.

#include "providers/openscaler/errors.hpp"

#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>
#include <polycloud/provider.hpp>

#include "http/sse.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace polycloud::openscaler {

/// A progress event's data: {"progress": 20.0, "message": "…"}; text that is not JSON is the message.
Progress parse_progress(std::string_view data);

class CreateStream {
 public:
  /// Every text the server sends (progress messages as much as the final error) is scrubbed of the
  /// site's credential and call secrets before it reaches the callback or an Error.
  CreateStream(ProgressCallback progress, CallSite site, std::size_t max_event_bytes = 1u << 20);

  /// The sequence_id the create sent: a final VM that echoes another one is not ours (see finish).
  void expect_sequence_id(std::int64_t sequence_id) noexcept { sequence_id_ = sequence_id; }

  /// Feeds response bytes; completed progress events reach the callback before this returns.
  Result<void> feed(std::string_view bytes);

  /// After the stream ended: the created VM (final 2xx), the server's error (final 4xx/5xx), or
  /// ErrorKind::unknown_outcome when no usable final event arrived (the VM may exist), or when the
  /// final VM echoes a sequence_id other than the expected one (a protocol fault: whose VM it is, and
  /// whether ours exists, is unknown).
  Result<Instance> finish();

  bool saw_final() const noexcept { return final_.has_value(); }
  int progress_events() const noexcept { return progress_events_; }

 private:
  void on_event(http::SseEvent const& event);
  Result<Instance> final_result(int status, std::string const& data) const;

  http::SseParser parser_;
  ProgressCallback progress_;
  CallSite site_;
  int progress_events_ = 0;
  std::optional<std::int64_t> sequence_id_;
  std::optional<Result<Instance>> final_;
};

}  // namespace polycloud::openscaler
