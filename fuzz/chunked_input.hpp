#pragma once
// Splits a fuzzer's input into a body and the chunk sizes it is fed in: the first byte seeds the
// splits, so the fuzzer explores chunk boundaries (inside a string, an escape, a number) as well as
// the bytes themselves.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace polycloud::fuzz {

struct ChunkedInput {
  std::string_view body;
  std::vector<std::string_view> chunks;  ///< body, cut where the seed says (1..32 bytes each)
  std::uint8_t flags = 0;                ///< the seed byte, for fuzzers that want switches
};

inline ChunkedInput chunked(std::uint8_t const* data, std::size_t size) {
  ChunkedInput input;
  if (size == 0) return input;
  input.flags = data[0];
  input.body = std::string_view{reinterpret_cast<char const*>(data + 1), size - 1};
  std::uint32_t state = 0x9e3779b9u ^ data[0];
  for (std::string_view rest = input.body; !rest.empty();) {
    state = state * 1664525u + 1013904223u;  // a small LCG: the split only has to be reproducible
    std::size_t const length = 1 + (state >> 24) % 32;
    input.chunks.push_back(rest.substr(0, length));
    rest.remove_prefix(input.chunks.back().size());
  }
  return input;
}

}  // namespace polycloud::fuzz
