#pragma once
#include <cstdint>
#include <string_view>

namespace polycloud::sim::openscaler {

/// The example VM of the "List All VMs" and "Retrieve an existing VM" seed pages, byte for byte.
extern std::string_view const kExampleVmJson;
inline constexpr std::int64_t kExampleVmId = 8;

}  // namespace polycloud::sim::openscaler
