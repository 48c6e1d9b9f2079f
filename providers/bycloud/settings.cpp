#include "providers/bycloud/settings.hpp"

#include "providers/common/client_options.hpp"
#include "providers/common/config_error.hpp"
#include "providers/common/settings_table.hpp"

namespace polycloud::bycloud {

namespace {

using providers::config_error;

providers::SettingsTable<Settings> const& table() {
  static providers::SettingsTable<Settings> const table{
      providers::count("limit", &Settings::limit, 1),
      providers::choice("reboot_type", &Settings::reboot_type, {{"SOFT", RebootType::soft}, {"HARD", RebootType::hard}}),
  };
  return table;
}

}  // namespace

std::string_view to_string(RebootType type) noexcept { return type == RebootType::hard ? "HARD" : "SOFT"; }

Result<Settings> read_settings(ProviderConfig const& config) {
  auto settings = table().read(config);
  if (!settings) return settings.error();
  if (auto headers = credential_headers(config); !headers) return headers.error();
  return settings;
}

std::vector<std::string> setting_keys() { return table().keys(); }

Result<http::Headers> credential_headers(ProviderConfig const& config) {
  bool const has_token = !config.token.empty() || providers::has_token_source(config);
  bool const has_key = !config.api_key.empty();
  if (has_token && has_key) {
    return config_error(config, "", "give either \"token\" (or \"token_file\") or \"api_key\", not both");
  }
  if (!has_token && !has_key) {
    return config_error(config, "", "no credential: set \"token\", \"token_file\" or \"api_key\"");
  }
  if (has_token) return providers::bearer_credentials(config);
  auto const& key = config.api_key.reveal();
  auto const colon = key.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == key.size()) {
    return config_error(config, "api_key", "expected \"<key-id>:<secret>\"");  // the value is never echoed
  }
  return http::Headers{{"X-Api-Key", key}};
}

}  // namespace polycloud::bycloud
