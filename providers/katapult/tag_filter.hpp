#pragma once
// Which pairs of a neutral tag filter Katapult's server can decide. Instance::tags holds a VM's
// `tag_names` (name → "") and its annotations (key → value); the list's annotation filter
// (`annotations[][key]`/`[value]`) matches annotations only, and list items carry neither.

#include <map>
#include <string>

namespace polycloud::katapult {

struct TagFilter {
  /// Pairs with a value: only an annotation gives a tag a value, so the server's annotation filter
  /// decides them exactly, in either listing form.
  std::map<std::string, std::string> annotations;
  /// Pairs without a value (`--tag backup=`): a tag name, or an annotation with an empty value. The
  /// server cannot filter tag names, so these need the full VM (a detailed listing), filtered locally.
  std::map<std::string, std::string> local;
};

TagFilter split_tag_filter(std::map<std::string, std::string> const& tags);

}  // namespace polycloud::katapult
