#pragma once
#include <polycloud/registry.hpp>

namespace polycloud::bycloud {

/// The "bycloud" config type: default endpoint, own keys (limit, reboot_type), their validation
/// (with the token-xor-api_key rule), and the factory.
ProviderType provider_type();

}  // namespace polycloud::bycloud
