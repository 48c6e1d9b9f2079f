#include "providers/katapult/settings.hpp"

#include "providers/common/config_error.hpp"

#include <limits>

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

/// A positive integer setting within [1, max]; `out` unchanged when absent.
Result<void> read_count(ProviderConfig const& config, std::string_view key, std::size_t max, std::size_t& out) {
  auto const* value = config.settings.if_contains(key);
  if (value == nullptr) return {};
  auto const* number = value->if_int64();
  if (number == nullptr || *number < 1 || static_cast<std::uint64_t>(*number) > max) {
    return config_error(config, key, "expected an integer from 1 to " + std::to_string(max));
  }
  out = static_cast<std::size_t>(*number);
  return {};
}

}  // namespace

std::string_view to_string(StopAction action) noexcept {
  return action == StopAction::stop ? "stop" : "shutdown";
}

Result<Settings> read_settings(ProviderConfig const& config) {
  Settings settings;
  auto organization = read_organization(config);
  if (!organization) return organization.error();
  settings.organization = std::move(*organization);
  if (auto r = read_count(config, "per_page", max_per_page, settings.per_page); !r) return r.error();
  if (auto r = read_count(config, "list_concurrency", 64, settings.list_concurrency); !r) return r.error();
  if (auto r = read_count(config, "detail_concurrency", 64, settings.detail_concurrency); !r) return r.error();
  if (auto const* value = config.settings.if_contains("stop_action")) {
    auto const* text = value->if_string();
    if (text == nullptr || (*text != "shutdown" && *text != "stop")) {
      return config_error(config, "stop_action", "expected \"shutdown\" or \"stop\"");
    }
    settings.stop_action = *text == "stop" ? StopAction::stop : StopAction::shutdown;
  }
  if (auto const* value = config.settings.if_contains("purge_on_delete")) {
    if (!value->is_bool()) return config_error(config, "purge_on_delete", "expected true or false");
    settings.purge_on_delete = value->get_bool();
  }
  return settings;
}

}  // namespace polycloud::katapult
