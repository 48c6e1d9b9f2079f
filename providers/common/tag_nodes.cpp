#include "providers/common/tag_nodes.hpp"

#include "providers/common/kept_store.hpp"

#include <string>
#include <utility>
#include <vector>

namespace polycloud::providers {

namespace {

thread_local std::vector<TagMap::node_type> kept;

/// A kept node holding `key` and `value`; an empty handle when none is kept. In line in its two callers.
[[gnu::always_inline]] inline TagMap::node_type kept_node(std::string_view key, std::string_view value) {
  if (kept.empty()) return {};
  auto node = std::move(kept.back());
  kept.pop_back();
  node.key().assign(key.data(), key.size());
  node.mapped().assign(value.data(), value.size());
  return node;
}

void keep(TagMap::node_type node) {
  if (kept.size() < kept_tag_nodes_bound) kept.push_back(std::move(node));
}

}  // namespace

void recycle_tags(TagMap& tags) noexcept {
  if (!room_for_bound(kept, kept_tag_nodes_bound)) {  // bad_alloc: the nodes are simply freed
    tags.clear();
    return;
  }
  while (!tags.empty() && kept.size() < kept_tag_nodes_bound) kept.push_back(tags.extract(tags.begin()));
  tags.clear();
}

void assign_tag(TagMap& tags, std::string_view key, std::string_view value) {
  auto node = kept_node(key, value);
  if (node.empty()) {
    tags.insert_or_assign(std::string(key), std::string(value));
    return;
  }
  auto inserted = tags.insert(std::move(node));
  if (inserted.inserted) return;
  inserted.position->second.assign(value.data(), value.size());
  keep(std::move(inserted.node));
}

void add_tag(TagMap& tags, std::string_view key) {
  auto node = kept_node(key, {});
  if (node.empty()) {
    tags.try_emplace(std::string(key));
    return;
  }
  auto inserted = tags.insert(std::move(node));
  if (!inserted.inserted) keep(std::move(inserted.node));
}

std::size_t kept_tag_nodes() noexcept { return kept.size(); }

}  // namespace polycloud::providers
