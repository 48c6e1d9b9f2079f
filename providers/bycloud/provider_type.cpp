#include "providers/bycloud/provider_type.hpp"

#include "providers/common/shared_adapter.hpp"

#include "providers/bycloud/bycloud_provider.hpp"

namespace polycloud::bycloud {

ProviderType provider_type() {
  ProviderType type;
  type.name = std::string(type_name);
  type.default_endpoint = "https://api.spo1.mycloud.com";
  type.own_keys.assign(setting_keys.begin(), setting_keys.end());
  type.validate = [](ProviderConfig const& config) -> Result<void> {
    if (auto settings = read_settings(config); !settings) return settings.error();
    return {};
  };
  type.factory = [](ProviderConfig const& config, ProviderContext const& context) -> Result<std::unique_ptr<Provider>> {
    auto provider = ByCloudProvider::make(config, context);
    if (!provider) return provider.error();
    return providers::shared_adapter(std::move(*provider));  // a listing's detached work keeps it alive
  };
  return type;
}

}  // namespace polycloud::bycloud
