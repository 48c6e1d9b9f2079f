#pragma once
// The streaming mapper: a Boost.JSON basic_parser fed chunk by chunk, whose handler builds Instances
// straight from parse events through an adapter's ItemMapping. Memory is one chunk plus the items not
// yet taken, whatever the body's size: text outside the items is skipped unless the EnvelopeSink reads
// it, and capped at max_item_bytes when it does. Optionally keeps each item's object in Instance::raw
// (ListOptions::raw; exact but for numbers beyond 64-bit integers, which become doubles).

#include "providers/common/call_site.hpp"
#include "providers/common/item_mapping.hpp"

#include <polycloud/catalog.hpp>
#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// Where the items are in a body.
struct BodyLayout {
  /// Keys from the root to the items: {"vms"} for {"vms": [...]}, {} for a bare array/object.
  std::vector<std::string> items_at;
  /// False: `items_at` is an array of items (a list page). True: it is one item (a get).
  bool single = false;
  /// A bare top-level array holds the items too (ByCloud's inferred catalog routes may answer
  /// `[...]` or `{"flavors": [...]}`): whichever form the body has is read.
  bool or_bare_array = false;
};

/// What an item is called in messages ("expected a VM object").
template <class Item> inline constexpr std::string_view item_noun = "VM";
template <> inline constexpr std::string_view item_noun<Size> = "size";
template <> inline constexpr std::string_view item_noun<Image> = "image";
template <> inline constexpr std::string_view item_noun<Region> = "region";

/// Scalars outside the items (pagination envelopes: "total_pages", "meta.marker"…), with their
/// path from the root.
using EnvelopeSink = std::function<void(JsonPath const& path, JsonScalar const& value)>;

struct StreamOptions {
  bool keep_raw = false;                 ///< fill Instance::raw with the item's object
  /// One item larger than this fails the stream (protocol). It also caps any text collected outside
  /// the items (an envelope string or key): a longer one fails the stream rather than grow memory.
  std::size_t max_item_bytes = 4u << 20;
  std::size_t max_depth = 64;
  /// The top-level keys whose values the EnvelopeSink reads ("pagination", "meta"…). A value under
  /// any other top-level key (besides the items' own) is skipped unread: no text of it is collected,
  /// whatever its size. Empty: with an EnvelopeSink every value is read (within max_item_bytes);
  /// without one, none is.
  std::vector<std::string> envelope_keys;
};

/// A list body's stream of Items (Instance, or a catalog entry); ListStream is the VM one.
template <class Item>
class BasicListStream {
 public:
  BasicListStream(BodyLayout layout, BasicItemMapping<Item>& mapping, CallSite site, StreamOptions options = {},
                  EnvelopeSink envelope = {});
  ~BasicListStream();
  BasicListStream(BasicListStream const&) = delete;
  BasicListStream& operator=(BasicListStream const&) = delete;

  /// Parses the next piece of the body. A mapping problem, malformed JSON or a limit ends the stream
  /// with a protocol error naming the item ("item 5 (vms[4]): vcpus: expected an integer…");
  /// items completed before it stay available through take().
  Result<void> feed(std::string_view chunk);
  /// The body ended: it must have been one complete JSON document with the items where expected.
  Result<void> finish();
  /// Readies the stream for another body of the same listing (the next page, or a cut page loaded
  /// again), as a new stream would be, but keeping what a new one would relearn: the key order of the
  /// items before, and the room of the parser's stack, the path and the batches. Items not yet taken
  /// are never handed out (their room is refilled). The EnvelopeSink stays: its owner resets what it collects.
  void restart();

  /// The items completed so far, handed over (the stream keeps none).
  std::vector<Item> take();
  /// Items handed out before and given back (InstancePager::recycle): the items after them are mapped
  /// into these, cleared, so their strings and vectors keep their room, and the next take() hands out
  /// their vector. The stream holds two such batches: one it maps into (given before any item), and one
  /// more as the next take()'s room; a batch given while both are held is dropped.
  void reuse(std::vector<Item> spent);
  std::size_t ready() const noexcept;
  /// Items completed in the whole body so far.
  std::size_t items_seen() const noexcept;
  /// Bytes the stream holds for a string or key arriving in parts (its capacity): what an unread
  /// envelope string must not grow.
  std::size_t text_capacity() const noexcept;

  struct Impl;  // the handler's state (list_stream.cpp)

 private:
  struct Parser;
  Result<void> failed(boost::system::error_code const& ec);

  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Parser> parser_;
};

/// Empties every field of `instance` as Instance{} has it, keeping the room its strings, vectors and raw
/// object had (a recycled Instance is refilled by the next VM).
void clear_keeping_room(Instance& instance) noexcept;

using ListStream = BasicListStream<Instance>;
extern template class BasicListStream<Instance>;
extern template class BasicListStream<Size>;
extern template class BasicListStream<Image>;
extern template class BasicListStream<Region>;

/// Maps a whole list body (tests, small answers).
template <class Item>
Result<std::vector<Item>> map_all(std::string_view body, BodyLayout const& layout, BasicItemMapping<Item>& mapping,
                                  CallSite const& site, StreamOptions options = {}) {
  BasicListStream<Item> stream(layout, mapping, site, options);
  if (auto fed = stream.feed(body); !fed) return fed.error();
  if (auto done = stream.finish(); !done) return done.error();
  return stream.take();
}

/// Maps a whole body holding one item (a get's answer) with the same mapping the list uses.
template <class Item>
Result<Item> map_one(std::string_view body, BodyLayout const& layout, BasicItemMapping<Item>& mapping,
                     CallSite const& site, StreamOptions options = {}) {
  auto single = layout;
  single.single = true;
  auto items = map_all(body, single, mapping, site, options);
  if (!items) return items.error();
  return std::move(items->front());
}

}  // namespace polycloud::providers
