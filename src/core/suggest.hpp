#pragma once
// "did you mean …" for a mistyped name: the closest known name by edit distance.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

/// Levenshtein distance (insert, delete, substitute: cost 1 each) between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `typed`, if one is close enough to be a plausible typo: at most 2 edits,
/// and fewer edits than `typed` has characters (so "x" does not suggest "ca_file"). Ties go to the
/// earliest candidate.
std::optional<std::string> closest_name(std::string_view typed, std::vector<std::string> const& candidates);

/// " (did you mean `token`?)", or "" when nothing is close.
std::string did_you_mean(std::string_view typed, std::vector<std::string> const& candidates);

}  // namespace polycloud
