#pragma once
// The "example_cursor" config type. providers/CMakeLists.txt finds this folder and registers it.
#include <polycloud/registry.hpp>

namespace polycloud::example_cursor {

ProviderType provider_type();

}  // namespace polycloud::example_cursor
