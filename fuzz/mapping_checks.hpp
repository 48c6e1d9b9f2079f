#pragma once
// The checks every adapter's ItemMapping fuzzer runs: the streaming list mapper fed in the input's
// chunk split must give the same items and the same outcome as one whole feed, and the single-object
// mapping must give an Instance or a protocol error, never anything else (nor a crash).
#include "fuzz/chunked_input.hpp"
#include "providers/common/list_stream.hpp"

#include <cstdlib>
#include <utility>
#include <vector>

namespace polycloud::fuzz {

template <class T>
void expect_protocol_error_only(Result<T> const& result) {
  if (!result && result.error().kind != ErrorKind::protocol) std::abort();
}

struct StreamOutcome {
  std::vector<Instance> items;
  bool ok = false;
};

/// `envelope`: where the stream sends scalars outside the items (pagination, annotations).
inline StreamOutcome stream(std::vector<std::string_view> const& chunks, providers::BodyLayout const& layout,
                            providers::ItemMapping& mapping, providers::CallSite const& site, bool keep_raw,
                            providers::EnvelopeSink envelope = {}) {
  providers::StreamOptions options;
  options.keep_raw = keep_raw;
  options.max_item_bytes = 4096;  // small, so the limit is reached too
  options.max_depth = 16;
  providers::ListStream list{layout, mapping, site, options, std::move(envelope)};
  StreamOutcome outcome;
  auto collect = [&] {
    for (auto& item : list.take()) outcome.items.push_back(std::move(item));
  };
  for (auto chunk : chunks) {
    auto fed = list.feed(chunk);
    collect();
    if (!fed) {
      expect_protocol_error_only(fed);
      return outcome;
    }
  }
  auto finished = list.finish();
  collect();
  expect_protocol_error_only(finished);
  outcome.ok = finished.has_value();
  if (outcome.items.size() != list.items_seen()) std::abort();
  return outcome;
}

/// Chunking must never change the outcome or the items.
inline void expect_same(StreamOutcome const& pieces, StreamOutcome const& whole) {
  if (pieces.ok != whole.ok || pieces.items.size() != whole.items.size()) std::abort();
  for (std::size_t i = 0; i < whole.items.size(); ++i) {
    if (pieces.items[i].id != whole.items[i].id || pieces.items[i].name != whole.items[i].name ||
        pieces.items[i].tags != whole.items[i].tags) {
      std::abort();
    }
  }
}

inline void check_item_mapping(std::uint8_t const* data, std::size_t size, providers::ItemMapping& mapping,
                               providers::BodyLayout const& list_layout, providers::BodyLayout const& one_layout,
                               std::string_view type) {
  auto const input = chunked(data, size);
  providers::CallSite const site{"fuzz", type, "list", nullptr};
  bool const keep_raw = (input.flags & 1) != 0;
  expect_same(stream(input.chunks, list_layout, mapping, site, keep_raw),
              stream({input.body}, list_layout, mapping, site, keep_raw));
  expect_protocol_error_only(providers::map_one(input.body, one_layout, mapping, site));
}

}  // namespace polycloud::fuzz
