#include "providers/openscaler/settings.hpp"

#include "providers/common/config_error.hpp"

namespace polycloud::openscaler {

namespace {

using providers::config_error;

/// A string setting; empty when absent.
Result<std::optional<std::string>> read_string(ProviderConfig const& config, std::string_view key) {
  auto const* value = config.settings.if_contains(key);
  if (value == nullptr) return std::optional<std::string>{};
  auto const* text = value->if_string();
  if (text == nullptr || text->empty()) return config_error(config, key, "expected a non-empty string");
  return std::optional<std::string>{std::string(*text)};
}

Result<void> read_action(ProviderConfig const& config, std::string_view key, PowerAction graceful,
                         PowerAction forceful, PowerAction& out) {
  auto text = read_string(config, key);
  if (!text) return text.error();
  if (!*text) return {};
  auto action = parse_power_action(**text);
  if (!action || (*action != graceful && *action != forceful)) {
    return config_error(config, key,
                        "expected \"" + std::string(to_string(graceful)) + "\" or \"" +
                            std::string(to_string(forceful)) + "\", got \"" + **text + "\"");
  }
  out = *action;
  return {};
}

}  // namespace

Result<Settings> read_settings(ProviderConfig const& config) {
  Settings settings;
  auto project = read_string(config, "project_id");
  if (!project) return project.error();
  settings.project_id = std::move(*project);
  if (auto r = read_action(config, "stop_action", PowerAction::shutdown, PowerAction::power_off,
                           settings.stop_action);
      !r) {
    return r.error();
  }
  if (auto r = read_action(config, "reboot_action", PowerAction::reboot, PowerAction::reset, settings.reboot_action);
      !r) {
    return r.error();
  }
  return settings;
}

}  // namespace polycloud::openscaler
