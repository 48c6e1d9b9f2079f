#pragma once
// The OpenScaler-specific configuration keys, read once and checked by the registry's validate step.
//
//   "project_id":    the project listed and created in (may instead be given per call)
//   "stop_action":   "shutdown" (default, graceful) or "power_off"
//   "reboot_action": "reboot" (default, graceful) or "reset"
//   "catalog":       the sizes, images and regions it offers (catalog_config.hpp): no route lists them
//
// The neutral interface has one stop and one reboot; these two keys are how a user reaches the API's
// forceful power_off and reset without a provider-specific call.

#include "providers/common/catalog_config.hpp"
#include "providers/openscaler/requests.hpp"

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::openscaler {

struct Settings {
  std::optional<std::string> project_id;
  PowerAction stop_action = PowerAction::shutdown;
  PowerAction reboot_action = PowerAction::reboot;
  providers::ConfiguredCatalog catalog;
};

/// The keys read_settings reads (the registry's own_keys).
std::vector<std::string> setting_keys();

/// ErrorKind::config naming the source and key path ("providers.alg.stop_action") for a bad value.
Result<Settings> read_settings(ProviderConfig const& config);

}  // namespace polycloud::openscaler
