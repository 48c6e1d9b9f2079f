#include "providers/openscaler/provider_type.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/openscaler/openscaler_provider.hpp"

namespace polycloud::openscaler {

ProviderType provider_type() {
  return providers::adapter_type<OpenScalerProvider>(type_name, "https://api.alpha.openscaler.net", setting_keys(), read_settings);
}

}  // namespace polycloud::openscaler
