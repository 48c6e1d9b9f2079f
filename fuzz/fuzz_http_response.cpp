// An HTTP response read by the transport's own reader: run_exchange (src/http/exchange.cpp), the
// function a Connection runs on its socket, here over an in-memory stream (http/memory_exchange.hpp)
// that delivers the input in the chunk split the seed byte chooses. Interim 1xx skipping, the header
// and body limits, truncation, the content-type check, chunked decoding, the collected body and the
// streamed (chunk handler) path are all the shipped code.
//
// The seed byte's bits choose: 1 stream the body to a chunk handler; 2 require application/json
// (Request::check_content_type); 4 small limits (header 256 bytes, body 512), so inputs of a few
// hundred bytes reach both; 8 the chunk handler refuses the first chunk; 16 deliver the input whole.
#include "fuzz/chunked_input.hpp"
#include "http/media_type.hpp"
#include "http/memory_exchange.hpp"

#include <cstdlib>
#include <string>

namespace {
namespace http = polycloud::http;
using polycloud::ErrorKind;
using polycloud::Result;

void require(bool holds) {
  if (!holds) std::abort();
}

constexpr std::string_view refusal = "the sink refused";

/// What a chunk handler saw; it refuses the first chunk when asked to.
struct Sink {
  bool refuse = false;
  std::string bytes;
  int calls = 0;
  http::ChunkHandler handler() {
    return [this](std::string_view chunk) -> boost::asio::awaitable<Result<void>> {
      ++calls;
      bytes.append(chunk);
      if (refuse) co_return polycloud::make_error(ErrorKind::cancelled, std::string{refusal});
      co_return Result<void>{};
    };
  }
};

/// The outcome of any read: a response, a protocol/transport error with a message, or the chunk
/// handler's own refusal handed back unchanged.
void check_outcome(http::ExchangeResult const& result, http::ExchangeLimits const& limits, Sink const* sink) {
  if (!result.response) {
    auto const& error = result.response.error();
    if (sink != nullptr && sink->refuse && error.message == refusal) {
      require(error.kind == ErrorKind::cancelled && sink->calls == 1);
      return;
    }
    require(error.kind == ErrorKind::protocol || error.kind == ErrorKind::transport);
    require(!error.message.empty());
    return;
  }
  auto const& response = *result.response;
  require(response.status < 100 || response.status >= 200 || response.status == 101);  // 1xx skipped
  require(response.body.size() <= limits.max_body_bytes);
  if (!limits.required_media.empty() && response.ok() && !response.body.empty()) {
    require(http::content_type_mismatch(limits.required_media, response.header("Content-Type")).empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const input = polycloud::fuzz::chunked(data, size);
  bool const streams = (input.flags & 1) != 0;
  bool const small_limits = (input.flags & 4) != 0;
  std::vector<std::string_view> const pieces =
      (input.flags & 16) != 0 ? std::vector<std::string_view>{input.body} : input.chunks;

  http::ExchangeLimits limits;
  limits.max_header_bytes = small_limits ? 256 : 8u << 10;
  limits.max_body_bytes = small_limits ? 512 : 64u << 10;
  if ((input.flags & 2) != 0) limits.required_media = "application/json";

  // The collected read: what Client::send does.
  auto const collected = http::exchange_in_memory(pieces, limits, nullptr);
  check_outcome(collected, limits, nullptr);
  if (collected.response) {
    auto const parsed = http::parse_json_body(*collected.response, "fuzz", "get");
    require(parsed || parsed.error().kind == ErrorKind::protocol);
  }
  if (!streams) return 0;

  // The streamed read: what Client::stream_paced does. A 2xx body goes to the sink, not the Response.
  Sink sink;
  sink.refuse = (input.flags & 8) != 0;
  auto const handler = sink.handler();
  auto const streamed = http::exchange_in_memory(pieces, limits, &handler);
  check_outcome(streamed, limits, &sink);
  require(sink.bytes.size() <= streamed.body_bytes);
  if (sink.refuse) require(sink.calls <= 1);
  if (streamed.response && streamed.response->ok()) {
    require(streamed.response->body.empty());
    require(sink.bytes.size() == streamed.body_bytes);
  }
  if (sink.calls > 0) {  // a refused media type is refused before any byte reaches the handler
    require(streamed.response || streamed.response.error().message.find("was not read") == std::string::npos);
  }
  // The same bytes read both ways: a collected 2xx answer is exactly what the sink was handed.
  if (collected.response && collected.response->ok() && !sink.refuse) {
    require(streamed.response.has_value());
    require(streamed.response->status == collected.response->status);
    require(sink.bytes == collected.response->body);
  }
  return 0;
}
