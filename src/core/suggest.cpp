#include "core/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace polycloud {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t const above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view typed, std::vector<std::string> const& candidates) {
  constexpr std::size_t max_edits = 2;
  std::optional<std::string> best;
  std::size_t best_distance = max_edits + 1;
  for (auto const& candidate : candidates) {
    auto const distance = edit_distance(typed, candidate);
    if (distance < best_distance && distance < typed.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view typed, std::vector<std::string> const& candidates) {
  auto const best = closest_name(typed, candidates);
  return best ? " (did you mean `" + *best + "`?)" : std::string();
}

}  // namespace polycloud
