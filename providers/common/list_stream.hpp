#pragma once
// The streaming mapper: a Boost.JSON basic_parser fed chunk by chunk, whose handler builds Instances
// straight from parse events through an adapter's ItemMapping. Memory is one chunk plus the items not
// yet taken, whatever the body's size: text outside the items is skipped unless the EnvelopeSink reads
// it, and capped at max_item_bytes when it does. Optionally keeps each item's object in Instance::raw
// (ListOptions::raw; exact but for numbers beyond 64-bit integers, which become doubles).

#include "providers/common/call_site.hpp"
#include "providers/common/item_mapping.hpp"

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
};

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

class ListStream {
 public:
  ListStream(BodyLayout layout, ItemMapping& mapping, CallSite site, StreamOptions options = {},
             EnvelopeSink envelope = {});
  ~ListStream();
  ListStream(ListStream const&) = delete;
  ListStream& operator=(ListStream const&) = delete;

  /// Parses the next piece of the body. A mapping problem, malformed JSON or a limit ends the stream
  /// with a protocol error naming the item ("item 5 (vms[4]): vcpus: expected an integer…");
  /// items completed before it stay available through take().
  Result<void> feed(std::string_view chunk);
  /// The body ended: it must have been one complete JSON document with the items where expected.
  Result<void> finish();

  /// The items completed so far, handed over (the stream keeps none).
  std::vector<Instance> take();
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

/// Maps a whole body holding one item (a get's answer) with the same ItemMapping the list uses.
Result<Instance> map_one(std::string_view body, BodyLayout const& layout, ItemMapping& mapping, CallSite const& site,
                         StreamOptions options = {});

/// Maps a whole list body (tests, small answers).
Result<std::vector<Instance>> map_all(std::string_view body, BodyLayout const& layout, ItemMapping& mapping,
                                      CallSite const& site, StreamOptions options = {});

}  // namespace polycloud::providers
