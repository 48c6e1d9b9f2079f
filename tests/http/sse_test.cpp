#include "http/sse.hpp"

#include <doctest/doctest.h>

#include <random>
#include <vector>

using polycloud::http::SseEvent;
using polycloud::http::SseParser;

namespace {

struct Collected {
  std::vector<SseEvent> events;
  bool ok = true;
};

/// Feeds `stream` in pieces of the given sizes (cycled), then ends the stream.
Collected parse_in_pieces(std::string_view stream, std::vector<std::size_t> const& sizes) {
  SseParser parser;
  Collected collected;
  std::size_t piece = 0;
  while (!stream.empty()) {
    auto const size = std::min(stream.size(), sizes[piece++ % sizes.size()]);
    auto const fed = parser.feed(stream.substr(0, size), [&](SseEvent const& event) { collected.events.push_back(event); });
    collected.ok = collected.ok && fed.has_value();
    stream.remove_prefix(size);
  }
  parser.finish();
  return collected;
}

std::vector<SseEvent> parse_whole(std::string_view stream) { return parse_in_pieces(stream, {stream.size() + 1}).events; }

bool same(std::vector<SseEvent> const& a, std::vector<SseEvent> const& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id || a[i].retry_ms != b[i].retry_ms) {
      return false;
    }
  }
  return true;
}

// Every rule at once, with all three line ends: the equivalence test below splits it everywhere.
constexpr std::string_view mixed_stream =
    "\xEF\xBB\xBF"
    ": a comment\r\n"
    "event: progress\r\n"
    "data: {\"percent\": 10}\r\n"
    "id: 1\r\n"
    "\r\n"
    "data:first\rdata: second\r\r"
    "data\n\n"
    "retry: 2500\nunknown: ignored\ndata:  two spaces\n\n"
    "event: 200\r\ndata: {\"id\": \"vm-1\"}\r\n\r\n"
    "data: never finished\n";

}  // namespace

TEST_CASE("SSE: all rules in one stream") {
  auto const events = parse_whole(mixed_stream);
  REQUIRE(events.size() == 5);
  CHECK(events[0].type == "progress");
  CHECK(events[0].data == "{\"percent\": 10}");
  CHECK(events[0].id == "1");
  CHECK(events[1].type == "message");
  CHECK(events[1].data == "first\nsecond");
  CHECK(events[1].id == "1");  // the last event id persists
  CHECK(events[2].data.empty());  // "data" with no colon is a data line with an empty value
  CHECK(events[3].data == " two spaces");  // only one leading space is dropped
  CHECK(events[3].retry_ms == 2500);
  CHECK(events[4].type == "200");
  CHECK(events[4].data == "{\"id\": \"vm-1\"}");
}

TEST_CASE("SSE: byte by byte and random chunks give the same events as one feed") {
  auto const expected = parse_whole(mixed_stream);
  CHECK(same(parse_in_pieces(mixed_stream, {1}).events, expected));
  std::mt19937_64 random{7};
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 16; ++i) sizes.push_back(std::uniform_int_distribution<std::size_t>{1, 12}(random));
    INFO("round " << round);
    CHECK(same(parse_in_pieces(mixed_stream, sizes).events, expected));
  }
}

TEST_CASE("SSE: a CR and its LF split across two feeds end one line - not two") {
  SseParser parser;
  std::vector<SseEvent> events;
  auto collect = [&](SseEvent const& event) { events.push_back(event); };
  REQUIRE(parser.feed("data: a\r", collect).has_value());
  REQUIRE(parser.feed("\ndata: b\r", collect).has_value());
  CHECK(events.empty());  // CR LF + "data: b" CR: no blank line yet
  REQUIRE(parser.feed("\n\r\n", collect).has_value());
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "a\nb");
}

TEST_CASE("SSE: events are delivered as each completes - not at the end") {
  SseParser parser;
  int delivered = 0;
  auto count = [&](SseEvent const&) { ++delivered; };
  REQUIRE(parser.feed("data: one\n\n", count).has_value());
  CHECK(delivered == 1);
  REQUIRE(parser.feed("data: two\n", count).has_value());
  CHECK(delivered == 1);
  REQUIRE(parser.feed("\n", count).has_value());
  CHECK(delivered == 2);
}

TEST_CASE("SSE: an incomplete event at end of stream is discarded") {
  auto const events = parse_whole("data: complete\n\ndata: cut off\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "complete");
}

TEST_CASE("SSE: comments and events without data dispatch nothing") {
  CHECK(parse_whole(": just a comment\n\n").empty());
  CHECK(parse_whole("event: lonely\nid: 3\n\n").empty());
  auto const events = parse_whole("event: lonely\n\ndata: x\n\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "message");  // the type was reset by the blank line
}

TEST_CASE("SSE: BOM only at the very start - even when split") {
  auto const split = parse_in_pieces("\xEF\xBB\xBF" "data: x\n\n", {1});
  REQUIRE(split.events.size() == 1);
  CHECK(split.events[0].data == "x");
  // Not a BOM: the bytes are kept as part of the first line (an unknown field here).
  auto const not_bom = parse_whole("\xEF\xBB" "data: y\n\ndata: z\n\n");
  REQUIRE(not_bom.size() == 1);
  CHECK(not_bom[0].data == "z");
}

TEST_CASE("SSE: retry must be all digits - id with NUL is ignored") {
  auto const events = parse_whole(std::string_view{"retry: 12a\nid: a\0b\ndata: x\n\n", 28});
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].retry_ms.has_value());
  CHECK(events[0].id.empty());
}

TEST_CASE("SSE: an event over the size limit is a protocol error") {
  SseParser parser{16};
  auto const fed = parser.feed("data: 0123456789abcdef\n\n", [](SseEvent const&) {});
  REQUIRE_FALSE(fed.has_value());
  CHECK(fed.error().kind == polycloud::ErrorKind::protocol);
  CHECK(fed.error().message.find("16 bytes") != std::string::npos);
}
