#pragma once
// A config written by `polycloud sandbox` outlives the sandbox: on stop it removes its state directory,
// the CA file the config names with it. Loading such a config fails on that missing ca_file first,
// which sends the user after the wrong thing; what they need to hear is that the sandbox is gone.
#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <optional>

namespace polycloud::cli {

/// For the first provider whose ca_file is missing from a sandbox state directory: an error saying the
/// sandbox has stopped (its endpoint refuses connections: unavailable) or was replaced (something else
/// listens there now: config). nullopt when no provider's config comes from a sandbox that is gone.
std::optional<Error> stale_sandbox_error(Config const& config);

}  // namespace polycloud::cli
