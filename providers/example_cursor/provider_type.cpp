#include "providers/example_cursor/provider_type.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/example_cursor/example_provider.hpp"

namespace polycloud::example_cursor {

ProviderType provider_type() {
  return providers::adapter_type<ExampleProvider>(type_name, "https://api.example.invalid", setting_keys(),
                                                  read_settings);
}

}  // namespace polycloud::example_cursor
