#pragma once
#include <polycloud/registry.hpp>

namespace polycloud::openscaler {

/// The "openscaler" config type: default endpoint, own keys (project_id, stop_action,
/// reboot_action), their validation, and the factory.
ProviderType provider_type();

}  // namespace polycloud::openscaler
