#pragma once
// Does a 2xx answer's Content-Type match what the request asked for? One check for every adapter:
// the transport applies it before a body reaches a chunk handler or a caller (Request::check_content_type),
// and parse_json_body applies it to a collected body.

#include <string>
#include <string_view>

namespace polycloud::http {

/// The media type alone, lower case: "Application/JSON; charset=utf-8" → "application/json".
std::string media_type(std::string_view content_type);

/// Empty when `content_type` is one of the media ranges in `accept` (an Accept header value:
/// "application/json", "text/event-stream", "*/*", "type/*"; parameters ignored; application/json
/// also admits any "+json" type such as application/problem+json). Otherwise the cause, naming the
/// Content-Type (or its absence): "Content-Type is 'text/html', expected application/json".
std::string content_type_mismatch(std::string_view accept, std::string_view content_type);

}  // namespace polycloud::http
