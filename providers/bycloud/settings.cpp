#include "providers/bycloud/settings.hpp"

#include "providers/common/client_options.hpp"
#include "providers/common/config_error.hpp"

namespace polycloud::bycloud {

namespace {

using providers::config_error;

Result<void> read_limit(ProviderConfig const& config, std::size_t& out) {
  auto const* value = config.settings.if_contains("limit");
  if (value == nullptr) return {};
  auto const* number = value->if_int64();
  if (number == nullptr || *number < 1) return config_error(config, "limit", "expected a positive integer");
  out = static_cast<std::size_t>(*number);
  return {};
}

Result<void> read_reboot_type(ProviderConfig const& config, RebootType& out) {
  auto const* value = config.settings.if_contains("reboot_type");
  if (value == nullptr) return {};
  auto const* text = value->if_string();
  if (text != nullptr && *text == "SOFT") {
    out = RebootType::soft;
  } else if (text != nullptr && *text == "HARD") {
    out = RebootType::hard;
  } else {
    return config_error(config, "reboot_type", "expected \"SOFT\" or \"HARD\"");
  }
  return {};
}

}  // namespace

std::string_view to_string(RebootType type) noexcept { return type == RebootType::hard ? "HARD" : "SOFT"; }

Result<Settings> read_settings(ProviderConfig const& config) {
  Settings settings;
  if (auto limit = read_limit(config, settings.limit); !limit) return limit.error();
  if (auto reboot = read_reboot_type(config, settings.reboot_type); !reboot) return reboot.error();
  if (auto headers = credential_headers(config); !headers) return headers.error();
  return settings;
}

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
