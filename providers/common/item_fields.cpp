#include "providers/common/item_fields.hpp"

#include <cstring>
#include <stdexcept>

namespace polycloud::providers {

ItemFields::ItemFields(std::initializer_list<Field> fields) {
  nodes_.emplace_back();  // the root
  keys_.emplace_back();
  slots_.resize(16);
  for (auto const& field : fields) {
    if (field.id < 0) throw std::invalid_argument("ItemFields: a field id must be >= 0");
    Node node = root;
    for (auto segment : field.path) {
      auto& here = nodes_[node];
      if (segment == any_index) {
        if (here.element == unread) {
          auto const added = add_node({});
          nodes_[node].element = added;  // add_node may have moved nodes_
        }
        node = nodes_[node].element;
      } else if (segment == any_key) {
        if (here.any_key == unread) {
          auto const added = add_node({});
          nodes_[node].any_key = added;
        }
        node = nodes_[node].any_key;
      } else {
        node = add_key(node, segment);
      }
    }
    if (node == root) throw std::invalid_argument("ItemFields: an empty path");
    nodes_[node].field = field.id;
  }
  link_slots();
}

void ItemFields::link_slots() {
  for (auto& slot : slots_) {
    if (slot.child == unread) continue;
    slot.size = static_cast<std::uint32_t>(keys_[slot.child].size());
    slot.at = static_cast<std::uint32_t>(chars_.size());
    chars_ += keys_[slot.child];
  }
}

ItemFields::Node ItemFields::add_node(std::string_view key) {
  nodes_.push_back(NodeData{no_field, unread, unread});
  keys_.emplace_back(key);
  return static_cast<Node>(nodes_.size() - 1);
}

ItemFields::Node ItemFields::add_key(Node parent, std::string_view key) {
  auto const mask = slots_.size() - 1;
  for (auto i = hash(parent, key) & mask;; i = (i + 1) & mask) {
    auto const& slot = slots_[i];
    if (slot.child == unread) break;
    if (slot.parent == parent && keys_[slot.child] == key) return slot.child;  // declared twice
  }
  auto const node = add_node(key);
  if (++declared_keys_ * 4 > slots_.size()) grow();
  auto const grown_mask = slots_.size() - 1;
  auto i = hash(parent, key) & grown_mask;
  while (slots_[i].child != unread) i = (i + 1) & grown_mask;
  slots_[i] = {parent, node, 0, 0};  // size and at: link_slots()
  return node;
}

void ItemFields::grow() {
  auto old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  auto const mask = slots_.size() - 1;
  for (auto const& slot : old) {
    if (slot.child == unread) continue;
    auto i = hash(slot.parent, keys_[slot.child]) & mask;
    while (slots_[i].child != unread) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::uint32_t KeyOrderMemo::first_use(Node node) {
  first_[node] = static_cast<std::uint32_t>(guesses_.size());
  guesses_.resize(guesses_.size() + positions);
  return first_[node];
}

KeyOrderMemo::Match const& KeyOrderMemo::probe(Node parent, std::string_view key) noexcept {
  auto const node = fields_.child(parent, key);
  probed_ = {node, fields_.field(node), fields_.key_text(node)};
  return probed_;
}

KeyOrderMemo::Match const& KeyOrderMemo::remember(Guess& guess, Node parent, std::string_view key) noexcept {
  auto const& match = probe(parent, key);
  if (key.size() > longest) {
    guess.size = forgotten;
    return match;
  }
  if (!key.empty()) std::memcpy(guess.text, key.data(), key.size());
  guess.size = static_cast<std::uint32_t>(key.size());
  guess.match = match;
  return guess.match;
}

}  // namespace polycloud::providers
