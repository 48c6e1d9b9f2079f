#include "providers/katapult/provider_type.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/katapult/katapult_provider.hpp"

namespace polycloud::katapult {

ProviderType provider_type() {
  return providers::adapter_type<KatapultProvider>(type_name, "https://api.katapult.io/core/v1", setting_keys(), read_settings);
}

}  // namespace polycloud::katapult
