#pragma once
// The ByCloud-specific configuration, read once and checked by the registry's validate step.
//
//   "limit":       instances per list page (default 100; the API's own default is 20)
//   "reboot_type": "SOFT" (default) or "HARD": the neutral interface has one reboot, so the forceful
//                  one is reached through configuration, the same from the library, fleet and CLI.
//
// Credentials: exactly one of the common keys `token` (sent as a bearer token) or `api_key`
// ("<key-id>:<secret>", sent as X-Api-Key). Neither value ever appears in a message.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include "http/client.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::bycloud {

inline constexpr std::string_view type_name = "bycloud";
inline constexpr std::size_t default_limit = 100;

enum class RebootType { soft, hard };
std::string_view to_string(RebootType type) noexcept;  ///< "SOFT", "HARD"

struct Settings {
  std::size_t limit = default_limit;
  RebootType reboot_type = RebootType::soft;
};

/// The keys read_settings reads (the registry's own_keys).
std::vector<std::string> setting_keys();

/// ErrorKind::config naming the source and key path ("providers.spo.limit") for a bad value.
Result<Settings> read_settings(ProviderConfig const& config);

/// The credential header the transport sends to the configured origin only: `Authorization: Bearer`
/// for a token, `X-Api-Key` for an API key. Both or neither is ErrorKind::config.
Result<http::Headers> credential_headers(ProviderConfig const& config);

}  // namespace polycloud::bycloud
