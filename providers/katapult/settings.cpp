#include "providers/katapult/settings.hpp"

#include "providers/common/config_error.hpp"
#include "providers/common/settings_table.hpp"

namespace polycloud::katapult {

namespace {

using providers::config_error;

Result<Organization> read_organization(ProviderConfig const& config) {
  constexpr auto expectation = "expected an object with exactly one of \"id\" or \"sub_domain\"";
  auto const* value = config.settings.if_contains("organization");
  if (value == nullptr) return config_error(config, "organization", std::string(expectation) + " (it is required)");
  auto const* object = value->if_object();
  if (object == nullptr) return config_error(config, "organization", expectation);
  Organization organization;
  for (auto const& [key, field] : *object) {
    if (key != "id" && key != "sub_domain") {
      return config_error(config, "organization." + std::string(key), std::string("unknown key; ") + expectation);
    }
    if (!organization.key.empty()) {
      return config_error(config, "organization", "both \"id\" and \"sub_domain\" are given; the API takes one");
    }
    auto const* text = field.if_string();
    if (text == nullptr || text->empty()) {
      return config_error(config, "organization." + std::string(key), "expected a non-empty string");
    }
    organization = {std::string(key), std::string(*text)};
  }
  if (organization.key.empty()) return config_error(config, "organization", expectation);
  return organization;
}

providers::SettingsTable<Settings> const& table() {
  static providers::SettingsTable<Settings> const table{
      {"organization",
       [](ProviderConfig const& config, boost::json::value const*, Settings& settings) -> Result<void> {
         auto organization = read_organization(config);
         if (!organization) return organization.error();
         settings.organization = std::move(*organization);
         return {};
       }},
      providers::count("per_page", &Settings::per_page, 1, max_per_page),
      providers::count("list_concurrency", &Settings::list_concurrency, 1, 64),
      providers::count("detail_concurrency", &Settings::detail_concurrency, 1, 64),
      providers::choice("stop_action", &Settings::stop_action, {{"shutdown", StopAction::shutdown}, {"stop", StopAction::stop}}),
      providers::flag("purge_on_delete", &Settings::purge_on_delete),
  };
  return table;
}

}  // namespace

std::string_view to_string(StopAction action) noexcept {
  return action == StopAction::stop ? "stop" : "shutdown";
}

Result<Settings> read_settings(ProviderConfig const& config) { return table().read(config); }

std::vector<std::string> setting_keys() { return table().keys(); }

}  // namespace polycloud::katapult
