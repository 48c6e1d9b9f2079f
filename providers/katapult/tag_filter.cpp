#include "providers/katapult/tag_filter.hpp"

namespace polycloud::katapult {

std::map<std::string, std::string> server_annotation_filter(std::map<std::string, std::string> const& tags) {
  std::map<std::string, std::string> annotations;
  for (auto const& [key, value] : tags) {
    if (!value.empty()) annotations.emplace(key, value);
  }
  return annotations;
}

}  // namespace polycloud::katapult
