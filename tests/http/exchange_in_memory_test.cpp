// The transport's reader (run_exchange, as a Connection runs it on a socket) over the fuzzer's
// in-memory stream, fed the fuzzer's own seeds: proves the in-memory path reads as the socket path
// does (skipping 1xx, decoding chunks, refusing cut bodies, oversized headers and wrong media types),
// so what fuzz_http_response explores is the shipped code. Each seed runs delivered byte by byte and
// whole, collected (Client::send) and streamed (Client::stream_paced).
#include "http/memory_exchange.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

using namespace polycloud;
namespace asio = boost::asio;

namespace {

/// A seed of fuzz/corpus/fuzz_http_response without its first byte (the fuzzer's switches).
std::string seed_response(std::string const& name) {
  std::ifstream file{std::string{POLYCLOUD_FUZZ_CORPUS} + "/fuzz_http_response/" + name, std::ios::binary};
  REQUIRE_MESSAGE(file.good(), "missing seed " << name);
  std::string bytes{std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{}};
  REQUIRE(!bytes.empty());
  return bytes.substr(1);
}

std::vector<std::string_view> byte_by_byte(std::string const& bytes) {
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; i < bytes.size(); ++i) pieces.push_back(std::string_view{bytes}.substr(i, 1));
  return pieces;
}

http::ExchangeLimits json_limits() {
  http::ExchangeLimits limits;
  limits.max_header_bytes = 8u << 10;
  limits.max_body_bytes = 64u << 10;
  limits.required_media = "application/json";
  return limits;
}

struct Outcome {
  http::ExchangeResult result;
  std::string streamed;  ///< what the chunk handler was handed
  int chunks = 0;
};

/// Reads `bytes` delivered whole (`whole`) or byte by byte, collected or streamed.
Outcome read(std::string const& bytes, bool whole, bool streams, http::ExchangeLimits const& limits = json_limits()) {
  Outcome outcome;
  http::ChunkHandler const handler = [&outcome](std::string_view chunk) -> asio::awaitable<Result<void>> {
    ++outcome.chunks;
    outcome.streamed.append(chunk);
    co_return Result<void>{};
  };
  auto pieces = whole ? std::vector<std::string_view>{bytes} : byte_by_byte(bytes);
  outcome.result = http::exchange_in_memory(std::move(pieces), limits, streams ? &handler : nullptr);
  return outcome;
}

std::string describe(http::ExchangeResult const& result) {
  return result.response ? "status " + std::to_string(result.response->status) : result.response.error().to_string();
}

}  // namespace

TEST_CASE("memory exchange: 100 Continue and 103 are skipped - the 200 after them is the answer") {
  auto const bytes = seed_response("continue_then_200_collected");
  for (bool whole : {true, false}) {
    CAPTURE(whole);
    auto collected = read(bytes, whole, false);
    REQUIRE_MESSAGE(collected.result.response.has_value(), describe(collected.result));
    CHECK(collected.result.response->status == 200);
    CHECK(collected.result.response->body == R"({"vms": []})");
    CHECK(collected.result.reusable);  // at a message boundary: the connection stays in step

    auto streamed = read(bytes, whole, true);
    REQUIRE_MESSAGE(streamed.result.response.has_value(), describe(streamed.result));
    CHECK(streamed.result.response->status == 200);
    CHECK(streamed.result.response->body.empty());
    CHECK(streamed.streamed == R"({"vms": []})");
  }
}

TEST_CASE("memory exchange: a chunked body is decoded - extensions and trailers dropped") {
  auto const bytes = seed_response("chunked_collected");
  for (bool whole : {true, false}) {
    CAPTURE(whole);
    auto collected = read(bytes, whole, false);
    REQUIRE_MESSAGE(collected.result.response.has_value(), describe(collected.result));
    CHECK(collected.result.response->body == R"({"vms": []})");
    auto streamed = read(bytes, whole, true);
    REQUIRE_MESSAGE(streamed.result.response.has_value(), describe(streamed.result));
    CHECK(streamed.streamed == R"({"vms": []})");
    CHECK(streamed.result.body_bytes == streamed.streamed.size());
    if (!whole) CHECK(streamed.chunks > 1);  // handed over as it arrived, not collected first
  }
}

TEST_CASE("memory exchange: a streamed body of many pieces reaches the handler whole, in order, in any delivery") {
  // Streamed pieces point into the connection's read buffer (no copy): each must be handed on before the
  // next read reuses that buffer. Chunked and sized bodies, larger than one 64 KiB read.
  std::string body;
  for (int i = 0; body.size() < 200'000; ++i) body += std::to_string(i) + ",";
  std::string chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 777) {
    auto const part = body.substr(at, 777);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    chunked += std::string(size) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  std::string const sized = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body;
  for (auto const* bytes : std::initializer_list<std::string const*>{&chunked, &sized}) {
    for (std::size_t piece : {std::size_t{1} << 20, std::size_t{4096}, std::size_t{1000}}) {
      CAPTURE(piece);
      std::vector<std::string_view> pieces;
      for (std::size_t at = 0; at < bytes->size(); at += piece) pieces.push_back(std::string_view(*bytes).substr(at, piece));
      Outcome outcome;
      http::ChunkHandler const handler = [&outcome](std::string_view chunk) -> asio::awaitable<Result<void>> {
        ++outcome.chunks;
        outcome.streamed.append(chunk);
        co_return Result<void>{};
      };
      outcome.result = http::exchange_in_memory(std::move(pieces), json_limits(), &handler);
      REQUIRE_MESSAGE(outcome.result.response.has_value(), describe(outcome.result));
      CHECK(outcome.streamed == body);
      CHECK(outcome.result.body_bytes == body.size());
      CHECK(outcome.chunks > 1);
    }
  }
}

TEST_CASE("memory exchange: a body cut short is a transport error that keeps its 200") {
  for (auto const* seed : {"truncated_collected", "truncated_chunked_collected"}) {
    auto const bytes = seed_response(seed);
    for (bool streams : {false, true}) {
      CAPTURE(seed);
      CAPTURE(streams);
      auto outcome = read(bytes, false, streams);
      REQUIRE_FALSE(outcome.result.response.has_value());
      auto const& error = outcome.result.response.error();
      CHECK(error.kind == ErrorKind::transport);
      CHECK(error.message.find("truncated") != std::string::npos);
      CHECK(error.message.find("reading the response body") != std::string::npos);
      CHECK(error.http_status == 200);  // what a pager re-fetches a cut page on
      CHECK_FALSE(outcome.result.reusable);
    }
  }
}

TEST_CASE("memory exchange: headers beyond the limit are a protocol error naming the limit") {
  auto const bytes = seed_response("oversized_headers_collected");
  for (bool streams : {false, true}) {
    CAPTURE(streams);
    auto outcome = read(bytes, false, streams);
    REQUIRE_FALSE(outcome.result.response.has_value());
    CHECK(outcome.result.response.error().kind == ErrorKind::protocol);
    CHECK(outcome.result.response.error().message == "response headers exceed the limit of 8192 bytes");
    CHECK(outcome.streamed.empty());
  }
}

TEST_CASE("memory exchange: a collected body beyond the limit is refused - a streamed one is not collected") {
  auto const bytes = seed_response("oversized_body_collected");
  auto limits = json_limits();
  limits.max_body_bytes = 512;
  auto collected = read(bytes, true, false, limits);
  REQUIRE_FALSE(collected.result.response.has_value());
  CHECK(collected.result.response.error().kind == ErrorKind::protocol);
  CHECK(collected.result.response.error().message == "response body exceeds max_body_bytes (512 bytes)");

  auto streamed = read(bytes, true, true, limits);  // a stream's memory is one chunk: no body limit
  REQUIRE_MESSAGE(streamed.result.response.has_value(), describe(streamed.result));
  CHECK(streamed.streamed.size() == 600);
}

TEST_CASE("memory exchange: a 2xx of the wrong content type is refused before the handler sees a byte") {
  auto const bytes = seed_response("wrong_content_type_collected");
  for (bool streams : {false, true}) {
    CAPTURE(streams);
    auto outcome = read(bytes, false, streams);
    REQUIRE_FALSE(outcome.result.response.has_value());
    auto const& error = outcome.result.response.error();
    CHECK(error.kind == ErrorKind::protocol);
    CHECK(error.http_status == 200);
    CHECK(error.message == "the answer's body was not read: Content-Type is 'text/html', expected application/json");
    CHECK(outcome.chunks == 0);
  }
  auto unchecked = json_limits();
  unchecked.required_media = {};  // a request that did not ask for the check gets the body
  auto collected = read(bytes, true, false, unchecked);
  REQUIRE_MESSAGE(collected.result.response.has_value(), describe(collected.result));
  CHECK(collected.result.response->body == "<html>oops</html>\r\n");
}

TEST_CASE("memory exchange: a connection closed before any byte is a transport error") {
  auto outcome = read(std::string{}, true, false);
  REQUIRE_FALSE(outcome.result.response.has_value());
  CHECK(outcome.result.response.error().kind == ErrorKind::transport);
  CHECK_FALSE(outcome.result.response_started);
}
