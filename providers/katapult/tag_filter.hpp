#pragma once
// Which pairs of a neutral tag filter Katapult's server can narrow a listing on. Instance::tags holds a
// VM's `tag_names` (name → "") and its annotations (key → value); the list's annotation filter
// (`annotations[][key]`/`[value]`) matches annotations only, and list items carry neither.

#include <map>
#include <string>

namespace polycloud::katapult {

/// The pairs with a value: only an annotation gives a tag a value, so these can go to the server as
/// an annotation filter. It only narrows the listing: an API version or a proxy that drops
/// `annotations[]` lists every VM (issue 22), so every tag filter is still checked on each full VM.
/// Pairs without a value (`--tag backup=`: a tag name, or an annotation with an empty value) cannot
/// be filtered on the server at all.
std::map<std::string, std::string> server_annotation_filter(std::map<std::string, std::string> const& tags);

}  // namespace polycloud::katapult
