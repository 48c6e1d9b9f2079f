#pragma once
// One rule for every adapter: a CreateSpec using a create feature the provider's capabilities() lack
// (SSH keys, user data, tags, extra disks) is refused before anything is sent, naming the feature,
// rather than built without it.

#include "providers/common/call_site.hpp"

#include <polycloud/capabilities.hpp>
#include <polycloud/create_spec.hpp>

#include <string_view>

namespace polycloud::providers {

/// Why the provider lacks each feature, said to the user in the refusal; empty: "it has no such field".
struct MissingFeatureReasons {
  std::string_view ssh_keys;
  std::string_view user_data;
  std::string_view tags;
  std::string_view extra_disks;
};

/// invalid_argument "<provider> create: <field> (create feature <capability>) is not supported: <why>"
/// for the first feature `spec` uses that `capabilities` lacks; success otherwise.
Result<void> check_create_features(CreateSpec const& spec, Capabilities const& capabilities,
                                   MissingFeatureReasons const& reasons, CallSite const& site);

}  // namespace polycloud::providers
