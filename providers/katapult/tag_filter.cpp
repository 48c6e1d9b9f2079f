#include "providers/katapult/tag_filter.hpp"

namespace polycloud::katapult {

TagFilter split_tag_filter(std::map<std::string, std::string> const& tags) {
  TagFilter split;
  for (auto const& [key, value] : tags) (value.empty() ? split.local : split.annotations).emplace(key, value);
  return split;
}

}  // namespace polycloud::katapult
