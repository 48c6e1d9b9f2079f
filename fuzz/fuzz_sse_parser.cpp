// Feeds arbitrary bytes to the SSE parser in chunks chosen by the input itself, and checks that the
// events equal those of one single feed (chunking must never change the result).
#include "http/sse.hpp"

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {
std::vector<polycloud::http::SseEvent> parse(std::string_view bytes, std::size_t chunk) {
  polycloud::http::SseParser parser{4096};
  std::vector<polycloud::http::SseEvent> events;
  while (!bytes.empty()) {
    auto const piece = bytes.substr(0, chunk);
    if (!parser.feed(piece, [&](auto const& event) { events.push_back(event); })) return events;
    bytes.remove_prefix(piece.size());
  }
  parser.finish();
  return events;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t const chunk = 1 + data[0] % 16;
  std::string_view const bytes{reinterpret_cast<char const*>(data + 1), size - 1};
  auto const whole = parse(bytes, bytes.size() + 1);
  auto const pieces = parse(bytes, chunk);
  // Over the limit the two may stop at different events; below it they must agree exactly.
  if (bytes.size() < 4096 && whole.size() != pieces.size()) std::abort();
  for (std::size_t i = 0; i < std::min(whole.size(), pieces.size()); ++i) {
    if (whole[i].data != pieces[i].data || whole[i].type != pieces[i].type || whole[i].id != pieces[i].id) std::abort();
  }
  return 0;
}
