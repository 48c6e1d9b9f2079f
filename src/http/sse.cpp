// WHATWG event-stream parsing (https://html.spec.whatwg.org/multipage/server-sent-events.html),
// incremental: bytes may be split anywhere, including between the CR and LF of one line end.
#include "http/sse.hpp"

#include <algorithm>
#include <charconv>

namespace polycloud::http {
namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

bool all_digits(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

SseParser::SseParser(std::size_t max_event_bytes) : max_event_bytes_(max_event_bytes) {}

Result<void> SseParser::feed(std::string_view bytes, Handler const& on_event) {
  // A BOM may itself arrive split across feeds: match it byte by byte before any line starts.
  while (at_start_ && !bytes.empty()) {
    if (bytes.front() != byte_order_mark[bom_matched_]) {
      at_start_ = false;
      line_.append(byte_order_mark.substr(0, bom_matched_));  // not a BOM after all: ordinary bytes
      break;
    }
    bytes.remove_prefix(1);
    if (++bom_matched_ == byte_order_mark.size()) at_start_ = false;
  }

  while (!bytes.empty()) {
    if (pending_cr_) {  // the LF of a CRLF whose CR ended the previous chunk
      pending_cr_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);
        continue;
      }
    }
    auto const end = bytes.find_first_of("\r\n");
    line_.append(bytes.substr(0, end));
    if (line_.size() + event_.data.size() + event_.type.size() > max_event_bytes_) {
      reset();
      return make_error(ErrorKind::protocol,
                        "server-sent event exceeds the limit of " + std::to_string(max_event_bytes_) + " bytes");
    }
    if (end == std::string_view::npos) break;
    pending_cr_ = bytes[end] == '\r';
    bytes.remove_prefix(end + 1);
    process_line(on_event);
    line_.clear();
  }
  return {};
}

void SseParser::process_line(Handler const& on_event) {
  if (line_.empty()) {
    dispatch(on_event);
    return;
  }
  if (line_.front() == ':') return;  // comment

  std::string_view const line = line_;
  auto const colon = line.find(':');
  std::string_view const field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);

  if (field == "event") {
    event_.type.assign(value);
  } else if (field == "data") {
    event_.data.append(value).push_back('\n');
    has_data_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
  } else if (field == "retry") {
    long milliseconds = 0;
    auto const [end, error] = std::from_chars(value.data(), value.data() + value.size(), milliseconds);
    if (all_digits(value) && error == std::errc{} && end == value.data() + value.size()) event_.retry_ms = milliseconds;
  }
  // any other field is ignored, as the spec says
}

void SseParser::dispatch(Handler const& on_event) {
  if (has_data_) {
    event_.data.pop_back();  // the '\n' after the last data line
    event_.id = last_event_id_;
    if (event_.type.empty()) event_.type = "message";
    on_event(event_);
    event_.retry_ms.reset();
  }
  // the data and type buffers are cleared either way; a pending retry waits for the next event
  event_.data.clear();
  event_.type = "message";
  has_data_ = false;
}

void SseParser::reset() noexcept {
  line_.clear();
  event_ = SseEvent{};
  has_data_ = false;
  pending_cr_ = false;
}

void SseParser::finish() noexcept { reset(); }

}  // namespace polycloud::http
