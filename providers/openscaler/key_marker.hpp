#pragma once
// Where an OpenScaler VM keeps its idempotency key (issue 19): the API has no tags and no metadata,
// but every listed VM carries its `description` [seed], so the key rides there as a marker word,
// "polycloud-key:K", after the user's own description.

#include <optional>
#include <string>
#include <string_view>

namespace polycloud::openscaler {

/// `description` with the marker of `key` appended (separated by a space); `description` unchanged
/// when there is no key.
std::string description_with_key(std::string_view description, std::string_view key);

/// The key a description's marker carries: the last "polycloud-key:" word (at the start or after
/// whitespace) followed by a valid key up to the end or whitespace; nullopt when there is none.
std::optional<std::string_view> key_in_description(std::string_view description) noexcept;

}  // namespace polycloud::openscaler
