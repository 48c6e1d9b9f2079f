#pragma once
#include <polycloud/registry.hpp>

#include <vector>

namespace polycloud::detail {
/// Every adapter built into the library; the registry starts from this list.
std::vector<ProviderType> builtin_provider_types();
}  // namespace polycloud::detail
