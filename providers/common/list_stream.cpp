// The streaming mapper. A basic_parser handler keeps a stack of the containers it is inside, each with
// its current position (a key or an index); that stack is the path. Items are recognised by their
// path (BodyLayout), their scalars go to the adapter's ItemMapping, everything else to the envelope.
#include "providers/common/list_stream.hpp"

#include "providers/common/address_texts.hpp"
#include "providers/common/tag_nodes.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <limits>
#include <optional>
#include <type_traits>

namespace polycloud::providers {

namespace json = boost::json;

namespace {

/// The handler's way of saying "stop": the reason itself is kept in the stream's state.
boost::system::error_code stop_code() {
  return boost::system::errc::make_error_code(boost::system::errc::protocol_error);
}

/// Approximate bytes an event stands for, for the per-item size limit.
constexpr std::size_t event_bytes = 8;

}  // namespace

template <class Item>
struct BasicListStream<Item>::Impl {
  using Node = ItemFields::Node;
  /// The node of everything when the mapping declares no fields (and of everything outside items):
  /// every key is copied, every scalar and closed container reaches the mapping.
  static constexpr Node all = ItemFields::unread - 1;

  // ---- configuration
  BodyLayout layout;
  BasicItemMapping<Item>& mapping;
  ItemFields const* fields;  ///< the mapping's, or nullptr
  std::optional<KeyOrderMemo> key_order;  ///< with fields: the keys met in the items before, by position
  CallSite site;
  StreamOptions options;
  EnvelopeSink envelope;

  // ---- where the parser is
  struct Container {
    bool is_array = false;
    std::size_t count = 0;  ///< elements (array) or keys (object) seen so far
    Node node = all;        ///< this container's place in the mapping's fields
    Node value = all;       ///< the place of its current value: the last key's, or every element's
    int value_field = ItemFields::no_field;   ///< field(value), found with it
    std::uint32_t memo = KeyOrderMemo::none;  ///< an object's keys met before (key_order)
  };
  std::vector<Container> containers;
  std::vector<PathSegment> path;  ///< one segment per container: the position inside it
  std::size_t skipped = 0;        ///< depth inside a container no field lies in (raw off): events only counted
  std::string text;               ///< a string or key arriving in parts (outside items: ≤ max_item_bytes)
  bool in_parts = false;
  /// Set when the top-level keys the stream reads are known (the items' key, StreamOptions::envelope_keys):
  /// the longest of them. A top-level key growing past it cannot be one of them: it is not collected.
  std::optional<std::size_t> longest_root_key;
  bool overlong_key = false;  ///< the top-level key arriving in parts is longer than any read one

  // ---- the items
  std::optional<std::size_t> items_array_level;  ///< containers.size() inside the items array
  std::optional<std::size_t> item_level;         ///< containers.size() inside the current item
  bool found_items = false;
  std::size_t items = 0;
  std::size_t item_bytes = 0;
  /// What item_bytes may reach: max_item_bytes inside an item, unbounded outside one, so that count_bytes
  /// is one add and one compare per event (an in_item() test there was ~0.7 % of a ByCloud list's instructions).
  std::size_t item_budget = unbounded;
  static constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
  ItemProblems problems;
  std::optional<json::value_stack> raw;
  /// The first `live` are the completed items, then the one being mapped (while in_item()): it is built in
  /// place, never moved. Past them: items given back (reuse()), refilled one by one as items begin.
  std::vector<Item> ready;
  std::size_t live = 0;
  std::vector<Item> spare;  ///< a batch given back while `ready` was in use: the next take()'s room
  std::string failure;  ///< why the handler stopped the parse

  Impl(BodyLayout l, BasicItemMapping<Item>& m, CallSite s, StreamOptions o, EnvelopeSink e)
      : layout(std::move(l)), mapping(m), fields(m.fields()), site(std::move(s)), options(o), envelope(std::move(e)) {
    // Segments may point at their own `text`: the path must never reallocate (begin_container bounds it).
    path.reserve(options.max_depth + 1);
    if (fields) key_order.emplace(*fields);
    if (!envelope || !options.envelope_keys.empty()) {
      std::size_t longest = layout.items_at.empty() ? 0 : layout.items_at.front().size();
      for (auto const& key : options.envelope_keys) longest = std::max(longest, key.size());
      longest_root_key = longest;
    }
  }

  /// A new body: everything but the configuration, the key order and the room kept.
  void restart() noexcept {
    containers.clear();
    path.clear();
    skipped = 0;
    text.clear();
    in_parts = false;
    overlong_key = false;
    items_array_level.reset();
    item_level.reset();
    found_items = false;
    items = 0;
    item_bytes = 0;
    item_budget = unbounded;
    problems.clear();
    live = 0;  // items not taken stay as room, refilled as the next body's items begin
    failure.clear();
  }

  /// Whether the value under this top-level key is read: the items' own key always; an envelope
  /// value only when there is an EnvelopeSink and it reads that key (StreamOptions::envelope_keys).
  bool reads_root_key(std::string_view key) const {
    if (!layout.items_at.empty() && key == layout.items_at.front()) return true;
    if (!envelope) return false;
    auto const& keys = options.envelope_keys;
    return keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
  }
  bool at_root_object() const noexcept { return !in_item() && containers.size() == 1 && !containers.back().is_array; }

  bool in_item() const noexcept { return item_level.has_value(); }
  Item& current() noexcept { return ready[live - 1]; }
  std::size_t completed() const noexcept { return live - (in_item() ? 1 : 0); }
  /// The item being mapped will not complete (a bad value, malformed JSON): it is never handed out.
  void abandon_item() {
    if (!in_item()) return;
    --live;  // its place is refilled (cleared first) by the next item, or dropped by take()
    item_level.reset();
    item_budget = unbounded;
  }
  bool keeps_raw() const noexcept { return in_item() && raw; }

  /// True when the value now starting is one the mapping never reads: it is only counted (and kept
  /// in raw, when asked).
  bool drops_value() const noexcept {
    return skipped != 0 || (!containers.empty() && containers.back().value == ItemFields::unread);
  }

  Node element(Node parent) const noexcept { return parent == all ? all : fields->element(parent); }
  int field(Node node) const noexcept { return node == all ? ItemFields::no_field : fields->field(node); }
  /// Whether a scalar or a closed container at `node` goes to the mapping.
  bool delivers(Node node) const noexcept { return node == all || fields->field(node) != ItemFields::no_field; }

  JsonPath item_path(int field_id) const noexcept {
    auto const from = *item_level - 1;  // the item's own container holds the first segment inside it
    return JsonPath(path.data() + from, path.size() - from, field_id);
  }

  std::string item_label() const {
    std::string where;
    for (auto const& key : layout.items_at) where += (where.empty() ? "" : ".") + key;
    if (layout.single) return "the object" + (where.empty() ? std::string() : " at " + where);
    return "item " + std::to_string(items + 1) + " (" + (where.empty() ? std::string("[") : where + "[") +
           std::to_string(items) + "])";
  }

  bool stop(boost::system::error_code& ec, std::string why) {
    failure = std::move(why);
    abandon_item();
    ec = stop_code();
    return false;
  }
  /// The mapping recorded a problem with the item. Out of line, as every rarely taken path of the event
  /// functions below: the message's strings in their bodies made each keep six registers and a stack
  /// frame for every key and scalar of every item.
  [[gnu::cold, gnu::noinline]] bool mapping_failed(boost::system::error_code& ec) {
    return stop(ec, item_label() + ": " + problems.first());
  }

  /// True when the containers above the next value are exactly the layout's keys.
  bool at_layout_path() const noexcept {
    if (path.size() != layout.items_at.size()) return false;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i].is_index || path[i].key != layout.items_at[i]) return false;
    }
    return true;
  }

  /// Every value starts here: an array element takes its index.
  void value_begins() {
    if (containers.empty()) return;
    auto& top = containers.back();
    if (top.is_array) {
      path.back().index = top.count++;
      path.back().is_index = true;
    }
  }

  /// Counts an event's bytes against the item's limit (outside items the count is never read).
  bool count_bytes(std::size_t bytes, boost::system::error_code& ec) {
    item_bytes += bytes;
    if (item_bytes > item_budget) [[unlikely]] return too_large(ec);
    return true;
  }

  [[gnu::cold]] bool too_large(boost::system::error_code& ec) {
    return stop(ec, item_label() + " is larger than " + std::to_string(options.max_item_bytes) + " bytes");
  }

  /// Every container starts here; one nothing reads is only counted, in line in the parser.
  bool begin_container(bool is_array, boost::system::error_code& ec) {
    if (containers.size() + skipped >= options.max_depth) [[unlikely]] return too_deep(ec);
    if (drops_value() && !keeps_raw()) {  // nothing in it is read: only its size counts
      ++skipped;
      return count_bytes(event_bytes, ec);
    }
    return begin_read_container(is_array, ec);
  }

  // Not kept out of line: with the parser's string and number functions inlined into its container loops
  // (max-inline-insns-auto, providers/common/CMakeLists.txt), inlining these too saved 2 % of a ByCloud list.
  bool begin_read_container(bool is_array, boost::system::error_code& ec) {
    value_begins();
    Node node = all;
    if (in_item()) {
      node = containers.back().value;
    } else if (!begin_outside_items(is_array, node, ec)) {
      return false;
    }
    // value_stack needs nothing at a container's start: push_object/push_array take its size at the end.
    auto const memo = is_array || node == all ? KeyOrderMemo::none : key_order->object(node);
    auto const value = is_array ? element(node) : all;
    containers.push_back({is_array, 0, node, value, field(value), memo});
    path.emplace_back();
    return count_bytes(event_bytes, ec);
  }

  /// Where an item belongs, something else: "item 3 (vms[2]): expected a VM object, got array".
  [[gnu::cold, gnu::noinline]] bool not_an_item(boost::system::error_code& ec, std::string_view got) {
    return stop(ec, item_label() + ": expected a " + std::string(item_noun<Item>) + " object, got " + std::string(got));
  }

  [[gnu::cold, gnu::noinline]] bool too_deep(boost::system::error_code& ec) {
    return stop(ec, "the JSON nests deeper than " + std::to_string(options.max_depth) + " levels");
  }

  /// A container that is in no item: the items array, an item (begin_item), or part of the envelope.
  /// Sets `node`, the new container's place in the fields.
  [[gnu::noinline]] bool begin_outside_items(bool is_array, Node& node, boost::system::error_code& ec) {
    bool const items_here = items_array_level && containers.size() == *items_array_level;
    if (items_here) {
      if (is_array) return not_an_item(ec, "array");
      begin_item();
      node = fields ? ItemFields::root : all;
    } else if (at_layout_path() || (layout.or_bare_array && is_array && containers.empty())) {
      if (layout.single) {
        if (is_array) return not_an_item(ec, "array");
        found_items = true;
        begin_item();
        node = fields ? ItemFields::root : all;
      } else if (is_array) {
        found_items = true;
        items_array_level = containers.size() + 1;
      }
    }
    return true;
  }

  static void refill(Item& item) noexcept {
    if constexpr (std::is_same_v<Item, Instance>) {
      clear_keeping_room(item);
    } else {
      item = Item{};
    }
  }

  void begin_item() {
    item_level = containers.size() + 1;
    item_bytes = 0;
    item_budget = options.max_item_bytes;
    if (live < ready.size()) {
      refill(ready[live]);
    } else {
      ready.emplace_back();
    }
    auto& item = ready[live++];
    if constexpr (std::is_same_v<Item, Instance>) {
      item.provider = site.provider;
      item.provider_type.assign(site.type);
    }
    problems.clear();
    mapping.begin(item);
    if (options.keep_raw) {
      if (!raw) raw.emplace();
      raw->reset();
    }
  }

  bool end_container(std::size_t size, boost::system::error_code& ec) {
    if (skipped != 0) {
      --skipped;
      return true;
    }
    return end_read_container(size, ec);
  }

  bool end_read_container(std::size_t size, boost::system::error_code& ec) {
    bool const was_array = containers.back().is_array;
    auto const node = containers.back().node;
    bool const ends_item = item_level && containers.size() == *item_level;
    if (in_item() && raw) [[unlikely]] push_raw_container(was_array, size);
    containers.pop_back();
    path.pop_back();
    if (ends_item) return end_item(ec);
    if (in_item() && delivers(node)) {
      mapping.closed(item_path(field(node)), current(), problems);
      if (problems.any()) [[unlikely]] return mapping_failed(ec);
    }
    if (items_array_level && containers.size() + 1 == *items_array_level) items_array_level.reset();
    return true;
  }

  [[gnu::noinline]] void push_raw_container(bool is_array, std::size_t size) {
    if (is_array) raw->push_array(size); else raw->push_object(size);
  }

  bool end_item(boost::system::error_code& ec) {
    if (raw) {  // before end(), so a mapping may redact a credential the object carries
      auto value = raw->release();
      if constexpr (std::is_same_v<Item, Instance>) {
        if (auto* object = value.if_object()) current().raw = std::move(*object);
      }
    }
    mapping.end(current(), problems);
    if (problems.any()) [[unlikely]] return mapping_failed(ec);
    item_level.reset();  // complete: from now on one of the ready items
    item_budget = unbounded;
    ++items;
    return true;
  }

  /// A key of the object on top. Inside an item it is matched against the mapping's fields once, here
  /// (the key order of the items before says which declared key to compare first); a declared key
  /// is not copied (its segment points at the fields' own text).
  bool key(std::string_view key, boost::system::error_code& ec) {
    auto& top = containers.back();
    auto& segment = path.back();  // an object's segment is never an index: no is_index to reset
    auto const position = top.count++;
    if (top.node == all) [[unlikely]] return key_kept_whole(key, ec);
    auto const& match = key_order->child(top.memo, top.node, position, key);
    top.value = match.node;
    top.value_field = match.field;
    if (!match.declared.empty() || match.node == ItemFields::unread) [[likely]] {
      segment.key = match.declared;  // empty when unread: nothing at or under it reaches the mapping
    } else {  // any_key: the key is the mapping's data (a metadata name)
      keep_key_text(segment, key);
    }
    return count_bytes(key.size(), ec);
  }

  /// A key outside the items, or of a mapping without fields: every key is kept.
  [[gnu::noinline]] bool key_kept_whole(std::string_view key, boost::system::error_code& ec) {
    if (at_root_object() && !reads_root_key(key)) return unread_key();
    auto& top = containers.back();
    top.value = all;
    top.value_field = ItemFields::no_field;
    keep_key_text(path.back(), key);
    return count_bytes(key.size(), ec);
  }

  [[gnu::noinline]] static void keep_key_text(PathSegment& segment, std::string_view key) {
    segment.text.assign(key.data(), key.size());
    segment.key = segment.text;
  }

  /// A top-level key whose value nobody reads: the value is skipped like an item's unread field.
  bool unread_key() {
    auto& top = containers.back();
    top.value = ItemFields::unread;
    top.value_field = ItemFields::no_field;
    path.back().key = {};
    return true;
  }

  bool scalar(JsonScalar const& value, boost::system::error_code& ec) {
    value_begins();
    if (!in_item()) return outside_item(value, ec);
    auto const& top = containers.back();
    if (top.value_field != ItemFields::no_field || top.value == all) {  // delivers(top.value)
      mapping.scalar(item_path(top.value_field), value, current(), problems);
      if (problems.any()) [[unlikely]] return mapping_failed(ec);
    }
    return count_bytes(event_bytes + value.text.size(), ec);
  }

  [[gnu::noinline]] bool outside_item(JsonScalar const& value, boost::system::error_code& ec) {
    bool const items_here = items_array_level && containers.size() == *items_array_level;
    if (items_here) return not_an_item(ec, value.kind_name());
    if (at_layout_path() && !(value.is_null() && !layout.single)) {
      return stop(ec, "expected " + (layout.single ? "a " + std::string(item_noun<Item>) + " object" : "an array of " + std::string(item_noun<Item>) + "s") + " at \"" +
                          path_text() + "\", got " + std::string(value.kind_name()));
    }
    if (at_layout_path()) found_items = true;  // "items": null reads as an empty page
    if (value.text.size() > options.max_item_bytes) [[unlikely]] return envelope_too_long(ec, "a string");
    if (envelope) envelope(JsonPath(path.data(), path.size()), value);
    return true;
  }

  std::string path_text() const { return JsonPath(path.data(), path.size()).to_string(); }

  [[gnu::cold]] bool envelope_too_long(boost::system::error_code& ec, std::string_view what) {
    in_parts = false;
    std::string().swap(text);  // give the memory back: the stream has failed (a move-assign keeps it)
    // A key's own segment is not filled yet: name the object it is in.
    bool const is_key = what == "a key";
    auto const where = is_key ? JsonPath(path.data(), path.size() - 1).to_string() : path_text();
    return stop(ec, std::string(what) + " outside the items (" + (is_key ? "in" : "at") + " \"" + where +
                        "\") is longer than " + std::to_string(options.max_item_bytes) + " bytes (the item limit)");
  }

  // Strings and keys arrive in parts when they straddle chunks.
  std::string_view whole(std::string_view last) {
    if (!in_parts) return last;
    text.append(last.data(), last.size());
    in_parts = false;
    return text;
  }
  /// Collects one part. Inside an item the item's size limit bounds it (count_bytes); outside, the
  /// same limit applies to the one string or key.
  bool part(std::string_view piece, boost::system::error_code& ec, std::string_view what) {
    if (!in_parts) text.clear();
    in_parts = true;
    if (!in_item() && text.size() + piece.size() > options.max_item_bytes) [[unlikely]] {
      return envelope_too_long(ec, what);
    }
    text.append(piece.data(), piece.size());
    return true;
  }
  bool key_part(std::string_view piece, boost::system::error_code& ec) {
    if (skipped != 0 || overlong_key) return true;
    if (longest_root_key && at_root_object() && (in_parts ? text.size() : 0) + piece.size() > *longest_root_key) {
      overlong_key = true;  // no read key is this long: the rest of it is not collected
      in_parts = false;
      return true;
    }
    return part(piece, ec, "a key");
  }
  bool key_ends(std::string_view last, boost::system::error_code& ec) {
    if (overlong_key) {
      overlong_key = false;
      return unread_key();
    }
    return key(whole(last), ec);
  }
};

namespace {

/// The basic_parser handler: forwards every event to the stream's state. A value the mapping never
/// reads stops here (counted, and kept in raw when asked), before any path or text work.
template <class Item>
struct Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  using State = typename BasicListStream<Item>::Impl;
  State* state;

  explicit Handler(State* s) : state(s) {}

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code& ec) { return state->begin_container(false, ec); }
  bool on_object_end(std::size_t n, boost::system::error_code& ec) { return state->end_container(n, ec); }
  bool on_array_begin(boost::system::error_code& ec) { return state->begin_container(true, ec); }
  bool on_array_end(std::size_t n, boost::system::error_code& ec) { return state->end_container(n, ec); }

  bool on_key_part(json::string_view s, std::size_t, boost::system::error_code& ec) {
    // A key is needed whole to know whether its value is read.
    if (!state->key_part(s, ec)) return false;
    if (state->keeps_raw()) state->raw->push_chars(s);
    return state->count_bytes(s.size(), ec);
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code& ec) {
    if (state->skipped != 0) return state->count_bytes(s.size(), ec);
    if (state->keeps_raw()) state->raw->push_key(s);
    return state->key_ends(s, ec);
  }
  bool on_string_part(json::string_view s, std::size_t, boost::system::error_code& ec) {
    if (!state->drops_value() && !state->part(s, ec, "a string")) return false;
    if (state->keeps_raw()) state->raw->push_chars(s);
    return state->count_bytes(s.size(), ec);
  }
  bool on_string(json::string_view s, std::size_t, boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_string(s);
    if (state->drops_value()) return state->count_bytes(event_bytes + s.size(), ec);
    JsonScalar value;
    value.kind = JsonScalar::Kind::string;
    value.text = state->whole(s);
    return state->scalar(value, ec);
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_int64(i);
    if (state->drops_value()) return state->count_bytes(event_bytes, ec);
    JsonScalar value;
    value.kind = JsonScalar::Kind::int64;
    value.int64 = i;
    return state->scalar(value, ec);
  }
  bool on_uint64(std::uint64_t u, json::string_view, boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_uint64(u);
    if (state->drops_value()) return state->count_bytes(event_bytes, ec);
    JsonScalar value;
    value.kind = JsonScalar::Kind::uint64;
    value.uint64 = u;
    return state->scalar(value, ec);
  }
  bool on_double(double d, json::string_view, boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_double(d);
    if (state->drops_value()) return state->count_bytes(event_bytes, ec);
    JsonScalar value;
    value.kind = JsonScalar::Kind::floating;
    value.floating = d;
    return state->scalar(value, ec);
  }
  bool on_bool(bool b, boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_bool(b);
    if (state->drops_value()) return state->count_bytes(event_bytes, ec);
    JsonScalar value;
    value.kind = JsonScalar::Kind::boolean;
    value.boolean = b;
    return state->scalar(value, ec);
  }
  bool on_null(boost::system::error_code& ec) {
    if (state->keeps_raw()) state->raw->push_null();
    if (state->drops_value()) return state->count_bytes(event_bytes, ec);
    return state->scalar(JsonScalar{}, ec);
  }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }
};

}  // namespace

template <class Item>
struct BasicListStream<Item>::Parser {
  json::basic_parser<Handler<Item>> parser;
  explicit Parser(Impl* impl, std::size_t max_depth) : parser(options(max_depth), impl) {}
  static json::parse_options options(std::size_t max_depth) {
    json::parse_options parse;
    parse.max_depth = max_depth + 1;  // the handler reports depth itself, with a clearer message
    return parse;
  }
};

template <class Item>
BasicListStream<Item>::BasicListStream(BodyLayout layout, BasicItemMapping<Item>& mapping, CallSite site,
                                       StreamOptions options, EnvelopeSink envelope)
    : impl_(std::make_unique<Impl>(std::move(layout), mapping, std::move(site), options, std::move(envelope))),
      parser_(std::make_unique<Parser>(impl_.get(), options.max_depth)) {}

template <class Item>
BasicListStream<Item>::~BasicListStream() = default;

template <class Item>
Result<void> BasicListStream<Item>::failed(boost::system::error_code const& ec) {
  impl_->abandon_item();
  if (!impl_->failure.empty()) return protocol_error(impl_->site, impl_->failure);
  auto where = impl_->items == 0 ? std::string("before the first item")
                                 : "after item " + std::to_string(impl_->items);
  return protocol_error(impl_->site, "malformed JSON " + where + ": " + ec.message());
}

template <class Item>
Result<void> BasicListStream<Item>::feed(std::string_view chunk) {
  boost::system::error_code ec;
  while (!chunk.empty()) {
    auto const used = parser_->parser.write_some(true, chunk.data(), chunk.size(), ec);
    if (ec) return failed(ec);
    chunk.remove_prefix(used);
  }
  return {};
}

template <class Item>
Result<void> BasicListStream<Item>::finish() {
  boost::system::error_code ec;
  parser_->parser.write_some(false, nullptr, 0, ec);
  if (ec) {
    impl_->abandon_item();
    if (impl_->failure.empty() && !parser_->parser.done()) {
      auto where = impl_->items == 0 ? std::string("before the first item")
                                     : "after item " + std::to_string(impl_->items);
      return protocol_error(impl_->site, "the body ended early (incomplete JSON " + where + ")");
    }
    return failed(ec);
  }
  if (!impl_->found_items) {
    std::string where;
    for (auto const& key : impl_->layout.items_at) where += (where.empty() ? "" : ".") + key;
    return protocol_error(impl_->site, impl_->layout.single
                                           ? "expected a " + std::string(item_noun<Item>) + " object" + (where.empty() ? "" : " at \"" + where + "\"")
                                           : "expected an object with a \"" + where + "\" array");
  }
  return {};
}

template <class Item>
void BasicListStream<Item>::restart() {
  impl_->restart();
  parser_->parser.reset();
}

template <class Item>
std::vector<Item> BasicListStream<Item>::take() {
  auto& impl = *impl_;
  bool const partial = impl.in_item();
  auto const complete = impl.completed();
  // The next batch's room: a batch given back (its items are refilled), else the largest room any batch
  // needed: a batch that outgrew its room moved every item in it (a reallocation), which cost more than
  // a whole Instance's mapping.
  auto next = std::exchange(impl.spare, {});
  if (next.empty()) next.reserve(std::max<std::size_t>(impl.ready.capacity(), 1));
  if (partial) {  // a chunk ended inside an item: it stays, to be completed by the next chunk
    if (next.empty()) {
      next.push_back(std::move(impl.ready[complete]));
    } else {
      std::swap(next.front(), impl.ready[complete]);
    }
  }
  impl.ready.erase(impl.ready.begin() + static_cast<std::ptrdiff_t>(complete), impl.ready.end());
  auto taken = std::exchange(impl.ready, std::move(next));
  impl.live = partial ? 1 : 0;
  return taken;
}

template <class Item>
void BasicListStream<Item>::reuse(std::vector<Item> spent) {
  auto& impl = *impl_;
  if (spent.empty()) return;
  if (impl.live == 0 && impl.ready.empty()) {
    impl.ready = std::move(spent);  // before any item: the next ones are mapped into these
  } else if (impl.spare.empty()) {
    impl.spare = std::move(spent);
  }
}

void clear_keeping_room(Instance& instance) noexcept {
  // Every member, in declaration order. A member added to Instance is added here: the size check below
  // stops the build where CI builds, and the test compares a cleared full Instance with Instance{}.
#if defined(__GLIBCXX__) && defined(__x86_64__)
  static_assert(sizeof(Instance) == 504, "Instance changed: clear its new member here, then update this size");
#endif
  instance.provider.clear();
  instance.provider_type.clear();
  instance.id.clear();
  instance.name.clear();
  instance.state = State::unknown;
  instance.raw_state.clear();
  instance.region.clear();
  instance.zone.clear();
  instance.size.clear();
  instance.vcpus.reset();
  instance.memory_mib.reset();
  instance.disk_gb.reset();
  instance.image.clear();
  recycle_addresses(instance.addresses);  // their texts' room serves the next VMs' (address_texts.hpp)
  instance.created_at.reset();
  recycle_tags(instance.tags);  // its nodes serve the next VMs' tags (tag_nodes.hpp)
  recycle_tags(instance.extras);  // the same map type: its nodes serve tags and extras alike
  instance.raw.clear();
  instance.adopted = false;
}
template <class Item>
std::size_t BasicListStream<Item>::ready() const noexcept { return impl_->completed(); }
template <class Item>
std::size_t BasicListStream<Item>::items_seen() const noexcept { return impl_->items; }
template <class Item>
std::size_t BasicListStream<Item>::text_capacity() const noexcept { return impl_->text.capacity(); }

template class BasicListStream<Instance>;
template class BasicListStream<Size>;
template class BasicListStream<Image>;
template class BasicListStream<Region>;

}  // namespace polycloud::providers
