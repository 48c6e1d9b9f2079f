#include "providers/common/create_features.hpp"

namespace polycloud::providers {

Result<void> check_create_features(CreateSpec const& spec, Capabilities const& capabilities,
                                   MissingFeatureReasons const& reasons, CallSite const& site) {
  struct Feature {
    bool used;
    bool supported;
    char const* field;
    char const* capability;
    std::string_view reason;
  };
  Feature const features[] = {
      {!spec.ssh_public_keys.empty(), capabilities.create_ssh_keys, "ssh_public_keys", "create_ssh_keys", reasons.ssh_keys},
      {!spec.user_data.empty(), capabilities.create_user_data, "user_data", "create_user_data", reasons.user_data},
      {!spec.tags.empty(), capabilities.create_tags, "tags", "create_tags", reasons.tags},
      {!spec.extra_disks_gb.empty(), capabilities.create_extra_disks, "extra_disks_gb", "create_extra_disks",
       reasons.extra_disks},
  };
  for (auto const& feature : features) {
    if (!feature.used || feature.supported) continue;
    std::string why = feature.reason.empty() ? std::string("the provider's API has no such field") : std::string(feature.reason);
    return invalid_argument(site, std::string(feature.field) + " (create feature " + feature.capability +
                                      ") is not supported by " + std::string(site.type) + ": " + why);
  }
  return {};
}

}  // namespace polycloud::providers
