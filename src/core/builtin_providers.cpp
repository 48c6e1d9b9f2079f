// The adapters shipped with the library. Adding a provider is one line here.
#include "core/builtin_providers.hpp"

#include "providers/katapult/provider_type.hpp"
#include "providers/openscaler/provider_type.hpp"

#include <polycloud/testing/fake_provider.hpp>

namespace polycloud::detail {

std::vector<ProviderType> builtin_provider_types() {
  return {
      testing::fake_provider_type(),
      openscaler::provider_type(),
      katapult::provider_type(),
  };
}

}  // namespace polycloud::detail
