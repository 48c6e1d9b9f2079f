#pragma once
// The paths inside an item that an ItemMapping reads, declared once, each with the mapping's own
// integer id. The streaming mapper matches every key against this tree as it arrives (one hash
// lookup), so that
// - a mapping switches on `path.field()` instead of comparing strings on every event;
// - a known key is never copied (the path segment points at the tree's own text);
// - a value at a path the mapping never reads costs nothing beyond the parse: an unread scalar is
//   dropped, an unread object or array is skipped whole (unless Instance::raw is being kept).
//
// Segments: a key, `any_key` ("*": every key of an object, e.g. a metadata map) or `any_index`
// ("[]": every element of an array). E.g. {"addresses", "*", "[]", "addr"}.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

namespace detail {

/// a[0, size) == b[0, size), with fixed-size loads for the short keys JSON objects have (a memcmp
/// call per key was a visible share of the whole parse).
inline bool same_chars(char const* a, char const* b, std::size_t size) noexcept {
  auto load8 = [](char const* p) { std::uint64_t v; std::memcpy(&v, p, 8); return v; };
  auto load4 = [](char const* p) { std::uint32_t v; std::memcpy(&v, p, 4); return v; };
  if (size >= 8 && size <= 16) return load8(a) == load8(b) && load8(a + size - 8) == load8(b + size - 8);
  if (size >= 4 && size < 8) return load4(a) == load4(b) && load4(a + size - 4) == load4(b + size - 4);
  if (size < 4) {
    for (std::size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return std::memcmp(a, b, size) == 0;
}

}  // namespace detail

class ItemFields {
 public:
  using Node = std::uint32_t;
  /// A path no declared field lies on or under.
  static constexpr Node unread = 0xFFFF'FFFF;
  /// The item itself.
  static constexpr Node root = 0;
  /// The id of a node the mapping gave none (a container on the way to a field).
  static constexpr int no_field = -1;

  static constexpr std::string_view any_key = "*";
  static constexpr std::string_view any_index = "[]";

  struct Field {
    int id;                                     ///< the mapping's id, >= 0, reported by JsonPath::field()
    std::initializer_list<std::string_view> path;
  };
  explicit ItemFields(std::initializer_list<Field> fields);
  ItemFields(ItemFields const&) = delete;  // keys handed out point into this object
  ItemFields& operator=(ItemFields const&) = delete;

  /// The node for key `key` inside the object at `parent` (unread when not declared). Inline: it runs
  /// for every key of every item.
  Node child(Node parent, std::string_view key) const noexcept {
    if (parent == unread) return unread;
    auto const mask = slots_.size() - 1;
    for (auto i = hash(parent, key) & mask;; i = (i + 1) & mask) {
      auto const& slot = slots_[i];
      if (slot.child == unread) break;
      if (slot.parent == parent && slot.size == key.size() && detail::same_chars(chars_.data() + slot.at, key.data(), key.size())) {
        return slot.child;
      }
    }
    return nodes_[parent].any_key;
  }
  /// The node of every element of the array at `parent`.
  Node element(Node parent) const noexcept { return parent == unread ? unread : nodes_[parent].element; }
  /// The declared text of a key matched by child(), valid as long as this object (never a copy).
  /// Empty when `node` was reached through any_key: the caller keeps the key's text itself.
  std::string_view key_text(Node node) const noexcept { return node == unread ? std::string_view() : keys_[node]; }
  int field(Node node) const noexcept { return node == unread ? no_field : nodes_[node].field; }
  /// Nodes are numbered 0 .. node_count() - 1 (for per-node tables such as KeyOrderMemo's).
  std::size_t node_count() const noexcept { return nodes_.size(); }

 private:
  struct NodeData {  ///< small: looked up for every value (its text is in keys_)
    int field = no_field;
    Node any_key = unread;
    Node element = unread;
  };
  struct Slot {  ///< one (parent, key) → child entry of the open-addressing table; 16 bytes
    Node parent = unread;
    Node child = unread;
    std::uint32_t size = 0;  ///< the key's, compared first
    std::uint32_t at = 0;    ///< where the key's characters start in chars_
  };

  /// Constant time, not a loop over the key: a few characters and the length tell a mapping's keys
  /// apart well enough (equal hashes just probe on).
  static std::size_t hash(Node parent, std::string_view key) noexcept {
    std::uint64_t h = std::uint64_t{parent} * 0x9E3779B97F4A7C15ull + key.size();
    if (!key.empty()) {
      auto const at = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(key[i])}; };
      h += (at(0) << 8) ^ (at(key.size() - 1) << 16) ^ (at(key.size() / 2) << 24);
    }
    h *= 0xFF51AFD7ED558CCDull;
    return static_cast<std::size_t>(h >> 32);
  }
  void link_slots();

  Node add_key(Node parent, std::string_view key);
  Node add_node(std::string_view key);
  void grow();

  std::vector<NodeData> nodes_;
  std::vector<std::string> keys_;  ///< each node's key as declared; empty for any_key/any_index nodes, the root
  std::string chars_;              ///< every declared key, end to end: what slots compare against
  std::vector<Slot> slots_;  ///< power-of-two size, at most a quarter full: a miss usually ends at once
  std::size_t declared_keys_ = 0;
};

/// One stream's memory of the keys met in each declared object of the items before, by position.
/// The items of one API repeat their key order, so the key at position i of an object is almost
/// always the one seen there last time: one comparison with it replaces the hash probe of
/// ItemFields::child() (whose slot load was the largest cost of matching a key). A different key is
/// looked up and remembered in its place. The answer is always ItemFields::child()'s: the memory
/// only says which key to compare first.
class KeyOrderMemo {
 public:
  using Node = ItemFields::Node;
  /// An object with no memory (not declared, or not an object of the fields): child() probes.
  static constexpr std::uint32_t none = 0xFFFF'FFFF;
  static constexpr std::size_t positions = 32;  ///< keys remembered per object; later ones probe
  static constexpr std::size_t longest = 16;    ///< longer keys are not remembered (JSON keys rarely are)

  explicit KeyOrderMemo(ItemFields const& fields) : fields_(fields), first_(fields.node_count(), none) {}

  /// The memory of the object at `node`, made on first use; none for ItemFields::unread. In line: every
  /// declared object of every item asks.
  std::uint32_t object(Node node) {
    if (node >= first_.size()) return none;  // unread, or a node of no object
    return first_[node] != none ? first_[node] : first_use(node);
  }

  /// What a key matched: ItemFields::child()'s node, with its field() and key_text().
  struct Match {
    Node node = ItemFields::unread;
    int field = ItemFields::no_field;
    std::string_view declared;
  };

  /// The match of the key at `position` of the object at `parent`, whose memory is `memo`
  /// (object(parent)). Valid until the next call. (A reference, not a copy: a returned 24-byte
  /// struct went through the stack and stalled on store forwarding, the largest cost of a key.)
  Match const& child(std::uint32_t memo, Node parent, std::size_t position, std::string_view key) noexcept {
    if (memo == none || position >= positions) return probe(parent, key);
    auto& guess = guesses_[memo + position];
    if (guess.size == key.size() && detail::same_chars(guess.text, key.data(), key.size())) return guess.match;
    return remember(guess, parent, key);
  }

 private:
  struct Guess {
    char text[longest] = {};
    std::uint32_t size = forgotten;  ///< the key's; `forgotten` matches no key
    Match match;
  };
  static constexpr std::uint32_t forgotten = 0xFFFF'FFFF;

  std::uint32_t first_use(Node node);
  Match const& probe(Node parent, std::string_view key) noexcept;
  Match const& remember(Guess& guess, Node parent, std::string_view key) noexcept;

  ItemFields const& fields_;
  std::vector<std::uint32_t> first_;  ///< per node: where its guesses start in guesses_, or none
  std::vector<Guess> guesses_;        ///< `positions` per object met
  Match probed_;                      ///< probe()'s answer
};

}  // namespace polycloud::providers
