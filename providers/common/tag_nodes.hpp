#pragma once
// Tag map nodes kept for the next VM's tags. A list maps each page into the Instances of a batch given
// back before (ListStream::reuse): clearing an Instance's tags freed one map node per tag, and the next
// VM's tags allocated as many again, a malloc and a free per tag (ByCloud: four per VM, 1.7 % of a
// list's instructions). clear_keeping_room() hands the nodes here and the mappings' tags take them back.
// Extras are a map of the same type: their nodes are kept too, and ByCloud's fault.* extras take them.
//
// Per thread, at most kept_tag_nodes_bound nodes: a stream refills one Instance at a time, right before
// mapping the next VM into it, so one VM's tags and extras are all the store ever needs to hold.
#include <polycloud/instance.hpp>

#include <cstddef>
#include <string_view>

namespace polycloud::providers {

using TagMap = decltype(Instance::tags);

inline constexpr std::size_t kept_tag_nodes_bound = 64;

/// Empties `tags`, keeping its nodes (up to the bound) for this thread's add_tag and assign_tag.
void recycle_tags(TagMap& tags) noexcept;
/// tags[key] = value, replacing a value already there (insert_or_assign), in a kept node when there is one.
void assign_tag(TagMap& tags, std::string_view key, std::string_view value);
/// tags[key] = "" unless `key` is there already (try_emplace), in a kept node when there is one.
void add_tag(TagMap& tags, std::string_view key);
/// The nodes this thread keeps (for tests: never above the bound).
std::size_t kept_tag_nodes() noexcept;

}  // namespace polycloud::providers
