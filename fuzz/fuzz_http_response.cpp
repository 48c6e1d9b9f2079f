// An HTTP response read from memory the way src/http/exchange.cpp reads one from a socket: a header
// parser with the transport's limits, interim 1xx answers skipped, then the body collected
// (string_body) or streamed (buffer_body, for a 2xx the caller streams). The bytes arrive in the
// input's chunk split, as a socket would deliver them.
#include "fuzz/chunked_input.hpp"
#include "http/client.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdlib>
#include <optional>
#include <string>

namespace {
namespace beast_http = boost::beast::http;

constexpr std::size_t max_header_bytes = 8u << 10;
constexpr std::size_t max_body_bytes = 64u << 10;

/// The socket: what has arrived and not been parsed yet, refilled one chunk at a time.
struct Wire {
  std::vector<std::string_view> chunks;
  std::size_t next = 0;
  std::string pending;
  bool receive() {
    if (next == chunks.size()) return false;
    pending.append(chunks[next++]);
    return true;
  }
};

/// Parses until `done()`; false on a parse error or when the wire ends first.
template <class Parser, class Done, class Prepare>
bool read(Parser& parser, Wire& wire, Done done, Prepare prepare) {
  while (!done()) {
    boost::system::error_code ec;
    prepare();
    std::size_t const used = parser.put(boost::asio::buffer(wire.pending), ec);
    wire.pending.erase(0, used);
    if (ec == beast_http::error::need_buffer) continue;  // a streamed chunk is full: hand it over
    if (ec && ec != beast_http::error::need_more) return false;
    if (ec == beast_http::error::need_more || used == 0) {
      if (wire.receive()) continue;
      if (!parser.got_some()) return false;  // closed before a byte: Beast's read reports end_of_stream
      parser.put_eof(ec);
      return !ec && done();
    }
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const input = polycloud::fuzz::chunked(data, size);
  bool const streams = (input.flags & 1) != 0;
  Wire wire;
  wire.chunks = input.chunks;
  auto const nothing = [] {};

  std::optional<beast_http::response_parser<beast_http::empty_body>> header_parser;
  for (;;) {
    header_parser.emplace();
    header_parser->header_limit(static_cast<std::uint32_t>(max_header_bytes));
    if (streams) {
      header_parser->body_limit(boost::none);
    } else {
      header_parser->body_limit(max_body_bytes);
    }
    if (!read(*header_parser, wire, [&] { return header_parser->is_header_done(); }, nothing)) return 0;
    auto const status = header_parser->get().result_int();
    if (status < 100 || status >= 200 || status == 101) break;
  }

  polycloud::http::Response response;
  response.status = static_cast<int>(header_parser->get().result_int());
  for (auto const& field : header_parser->get().base())
    response.headers.push_back({std::string{field.name_string()}, std::string{field.value()}});

  if (streams && response.ok()) {
    beast_http::response_parser<beast_http::buffer_body> body_parser{std::move(*header_parser)};
    char chunk[512];
    std::size_t received = 0;
    auto const prepare = [&] {
      received += sizeof chunk - body_parser.get().body().size;  // what the last put() wrote
      body_parser.get().body().data = chunk;
      body_parser.get().body().size = sizeof chunk;
    };
    body_parser.get().body().size = sizeof chunk;
    if (!read(body_parser, wire, [&] { return body_parser.is_done(); }, prepare)) return 0;
    received += sizeof chunk - body_parser.get().body().size;
    (void)received;
    return 0;
  }
  beast_http::response_parser<beast_http::string_body> body_parser{std::move(*header_parser)};
  body_parser.body_limit(max_body_bytes);
  if (!read(body_parser, wire, [&] { return body_parser.is_done(); }, nothing)) return 0;
  response.body = std::move(body_parser.get().body());
  if (response.body.size() > max_body_bytes) std::abort();
  auto const parsed = polycloud::http::parse_json_body(response, "fuzz", "get");
  if (!parsed && parsed.error().kind != polycloud::ErrorKind::protocol) std::abort();
  return 0;
}
