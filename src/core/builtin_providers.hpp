#pragma once
#include <polycloud/registry.hpp>

#include <vector>

namespace polycloud::detail {
/// Every adapter built into the library; the registry starts from this list. Defined by the providers
/// layer (providers/builtin_providers.cpp): a link-time edge, so the core includes no adapter header.
std::vector<ProviderType> builtin_provider_types();
}  // namespace polycloud::detail
