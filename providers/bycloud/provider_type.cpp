#include "providers/bycloud/provider_type.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/bycloud/bycloud_provider.hpp"

namespace polycloud::bycloud {

ProviderType provider_type() {
  return providers::adapter_type<ByCloudProvider>(type_name, "https://api.spo1.mycloud.com", setting_keys(), read_settings);
}

}  // namespace polycloud::bycloud
