#include "terminal/suggest.hpp"

#include <algorithm>

namespace polycloud::cli {

namespace {
/// Edit distance where a swap of two neighbours counts as one edit ("lsit" is 1 from "list"):
/// the optimal-string-alignment form of Damerau-Levenshtein. Words here are short; a full table is fine.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}
}  // namespace

std::string closest(std::string_view word, std::vector<std::string> const& candidates) {
  // A third of the word may be wrong (at least 1, at most 3 edits): "lsit" → "list", not "x" → "get".
  std::size_t const allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (auto const& candidate : candidates) {
    auto const distance = edit_distance(word, candidate);
    // …and under half the word: "-x" is one edit from "-h" but no typo of it.
    if (distance < best_distance && distance * 2 < word.size()) best = candidate, best_distance = distance;
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::vector<std::string> const& candidates) {
  auto const best = closest(word, candidates);
  return best.empty() ? std::string() : " (did you mean \"" + best + "\"?)";
}

}  // namespace polycloud::cli
