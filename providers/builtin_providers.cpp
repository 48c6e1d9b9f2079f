// The adapters shipped with the library. Adding a provider is one line here (and its folder in
// providers/). Declared by the core (src/core/builtin_providers.hpp), defined in this layer so that the
// core compiles without any adapter.
#include "core/builtin_providers.hpp"

#include "providers/bycloud/provider_type.hpp"
#include "providers/openscaler/provider_type.hpp"

#include <polycloud/testing/fake_provider.hpp>

namespace polycloud::detail {

std::vector<ProviderType> builtin_provider_types() {
  return {
      testing::fake_provider_type(),
      openscaler::provider_type(),
      bycloud::provider_type(),
  };
}

}  // namespace polycloud::detail
