#pragma once
// The Katapult entry of the provider registry.
#include <polycloud/registry.hpp>

namespace polycloud::katapult {

ProviderType provider_type();

}  // namespace polycloud::katapult
