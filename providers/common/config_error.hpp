#pragma once
// The one shape of a provider's configuration error, so every adapter names the file and key path
// the same way: "<file>: providers.<name>.<key>: <what>".

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <string>
#include <string_view>

namespace polycloud::providers {

/// ErrorKind::config, reported before any request. `key` is the path below the provider
/// ("organization.id"); empty for a problem of the provider as a whole (no credential).
Error config_error(ProviderConfig const& config, std::string_view key, std::string_view what);

}  // namespace polycloud::providers
