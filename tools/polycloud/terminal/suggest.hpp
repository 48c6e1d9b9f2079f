#pragma once
// "did you mean …" for a mistyped command, option, field or state.
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

/// The candidate closest to `word` by edit distance, when close enough to be a typo; else empty.
std::string closest(std::string_view word, std::vector<std::string> const& candidates);

/// ` (did you mean "X"?)` for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view word, std::vector<std::string> const& candidates);

}  // namespace polycloud::cli
