#pragma once
// Server-sent events parser (WHATWG event-stream rules), fed with arbitrary chunks.

#include <polycloud/error.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::http {

struct SseEvent {
  std::string type = "message";  ///< the "event" field; "message" when absent
  std::string data;              ///< "data" lines joined with '\n'
  std::string id;
  std::optional<long> retry_ms;
};

class SseParser {
 public:
  using Handler = std::function<void(SseEvent const&)>;
  explicit SseParser(std::size_t max_event_bytes = 1u << 20);

  /// Feeds bytes; `on_event` runs once per completed event, in order, as soon as it completes.
  /// An event over the size limit is ErrorKind::protocol.
  Result<void> feed(std::string_view bytes, Handler const& on_event);
  /// End of stream: an incomplete event is discarded (per the spec).
  void finish() noexcept;

 private:
  void process_line(Handler const& on_event);
  void dispatch(Handler const& on_event);
  void reset() noexcept;

  std::size_t max_event_bytes_;
  std::string line_;              ///< the line being assembled (without its line end)
  bool pending_cr_ = false;       ///< the last chunk ended in CR: a leading LF of the next one belongs to it
  bool at_start_ = true;          ///< still looking for a leading byte order mark
  std::size_t bom_matched_ = 0;   ///< BOM bytes seen so far (a BOM may be split across feeds)
  bool has_data_ = false;         ///< a "data" field was seen in the current event
  std::string last_event_id_;     ///< the "id" persists across events, per the spec
  SseEvent event_;
};

}  // namespace polycloud::http
