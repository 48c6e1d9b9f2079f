// OpenScaler's create answer (progress events, then a final event named by an HTTP status) fed in
// random chunk splits: the outcome is an Instance or a typed error, and chunking never changes it.
#include "fuzz/chunked_input.hpp"
#include "providers/openscaler/create_stream.hpp"

#include <cstdlib>

namespace {
struct Outcome {
  bool ok = false;
  polycloud::ErrorKind kind{};
  int progress_events = 0;
};

Outcome run(std::vector<std::string_view> const& chunks) {
  polycloud::providers::CallSite const site{"fuzz", "openscaler", "create", nullptr};
  polycloud::openscaler::CreateStream stream{[](polycloud::Progress const&) {}, site, 4096};
  for (auto chunk : chunks) {
    if (!stream.feed(chunk)) break;
  }
  auto const result = stream.finish();
  return {result.has_value(), result ? polycloud::ErrorKind{} : result.error().kind, stream.progress_events()};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const input = polycloud::fuzz::chunked(data, size);
  (void)polycloud::openscaler::parse_progress(input.body);
  auto const pieces = run(input.chunks);
  // Below the event limit, one whole feed must end the same way.
  if (input.body.size() < 4096) {
    auto const whole = run({input.body});
    if (whole.ok != pieces.ok || whole.kind != pieces.kind || whole.progress_events != pieces.progress_events)
      std::abort();
  }
  return 0;
}
