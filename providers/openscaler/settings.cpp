#include "providers/openscaler/settings.hpp"

#include "providers/common/catalog_config.hpp"
#include "providers/common/settings_table.hpp"

namespace polycloud::openscaler {

namespace {

/// The graceful action (the default) or its forceful twin.
template <class Member>
providers::Setting<Settings> action(std::string_view key, Member member, PowerAction graceful, PowerAction forceful) {
  return providers::choice(key, member, {{to_string(graceful), graceful}, {to_string(forceful), forceful}}, true);
}

providers::SettingsTable<Settings> const& table() {
  static providers::SettingsTable<Settings> const table{
      providers::text("project_id", &Settings::project_id),
      action("stop_action", &Settings::stop_action, PowerAction::shutdown, PowerAction::power_off),
      action("reboot_action", &Settings::reboot_action, PowerAction::reboot, PowerAction::reset),
      providers::catalog_block("catalog", &Settings::catalog),
  };
  return table;
}

}  // namespace

Result<Settings> read_settings(ProviderConfig const& config) { return table().read(config); }

std::vector<std::string> setting_keys() { return table().keys(); }

}  // namespace polycloud::openscaler
