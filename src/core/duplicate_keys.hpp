#pragma once
// Finding a key written twice in one JSON object. Boost.JSON keeps the last of duplicate keys, so a
// second "endpoint" further down a config silently overrides the reviewed first one; config loading
// refuses the file instead, naming the key path and both lines.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::detail {

struct DuplicateKey {
  std::string path;  ///< "providers.alg.endpoint" (array elements as "[2]")
  std::size_t first_line = 0;
  std::size_t second_line = 0;
};

/// The first key that repeats within its object, in document order; nullopt when none does or when the
/// text is not valid JSON (the caller's parser reports that). Keys are compared decoded ("a" == "\u0061").
std::optional<DuplicateKey> find_duplicate_key(std::string_view json_text, std::size_t max_depth);

}  // namespace polycloud::detail
