#include "providers/common/settings_table.hpp"

namespace polycloud::providers {

std::string count_expectation(std::int64_t min, std::optional<std::int64_t> max) {
  if (!max && min == 1) return "expected a positive integer";
  if (!max) return "expected an integer of at least " + std::to_string(min);
  return "expected an integer from " + std::to_string(min) + " to " + std::to_string(*max);
}

std::string choice_expectation(std::vector<std::string_view> const& words) {
  std::string out = "expected ";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out.append("\"").append(words[i]).append("\"");
  }
  return out;
}

}  // namespace polycloud::providers
