#include "providers/openscaler/requests.hpp"

#include "providers/openscaler/key_marker.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace polycloud::openscaler {

namespace json = boost::json;
namespace urls = boost::urls;

namespace {

constexpr std::array<std::string_view, 4> only_parts{"basic", "state", "disks", "network"};

using providers::resource_url;
using providers::string_option;

Error invalid(CallSite const& site, std::string message) { return providers::invalid_argument(site, std::move(message)); }

}  // namespace

urls::url list_url(urls::url_view endpoint, std::string_view project_id) {
  auto url = resource_url(endpoint, {"v1", "vms"});
  providers::append_query_param(url, "project_id", project_id);  // a '+' must not read as a space
  return url;
}

urls::url vm_url(urls::url_view endpoint, std::string_view id, std::vector<std::string> const& only) {
  auto url = resource_url(endpoint, {"v1", "vms", id});
  for (auto const& part : only) providers::append_query_param(url, "only", part);
  return url;
}

urls::url actions_url(urls::url_view endpoint, std::string_view id) {
  return resource_url(endpoint, {"v1", "vms", id, "actions"});
}

std::string_view to_string(PowerAction action) noexcept {
  switch (action) {
    case PowerAction::start: return "start";
    case PowerAction::shutdown: return "shutdown";
    case PowerAction::power_off: return "power_off";
    case PowerAction::reboot: return "reboot";
    case PowerAction::reset: return "reset";
  }
  return "start";
}

std::optional<PowerAction> parse_power_action(std::string_view text) noexcept {
  for (auto action : {PowerAction::start, PowerAction::shutdown, PowerAction::power_off, PowerAction::reboot,
                      PowerAction::reset}) {
    if (to_string(action) == text) return action;
  }
  return std::nullopt;
}

std::string action_body(PowerAction action) {
  return json::serialize(json::object{{"type", to_string(action)}});
}

Result<std::string> resolve_project(json::object const& options, std::optional<std::string> const& configured,
                                    CallSite const& site) {
  auto option = string_option(options, "project_id", site);
  if (!option) return option.error();
  if (*option) return std::move(**option);
  if (configured) return *configured;
  return make_error(ErrorKind::config,
                    "no project: set \"project_id\" in the provider's configuration or pass it as a provider "
                    "option",
                    site.provider, site.operation);
}

Result<std::vector<std::string>> parse_only(json::object const& options, CallSite const& site) {
  auto const* value = options.if_contains("only");
  if (value == nullptr || value->is_null()) return std::vector<std::string>{};

  std::vector<std::string_view> requested;
  if (auto const* text = value->if_string()) {
    std::string_view rest = *text;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      requested.push_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  } else if (auto const* array = value->if_array()) {
    for (auto const& item : *array) {
      if (!item.is_string()) return invalid(site, "provider option \"only\" must list strings");
      requested.push_back(item.get_string());
    }
  } else {
    return invalid(site, "provider option \"only\" must be an array of strings or a comma-separated string");
  }

  for (auto part : requested) {
    if (std::find(only_parts.begin(), only_parts.end(), part) == only_parts.end()) {
      return invalid(site, "provider option \"only\": unknown part \"" + std::string(part) +
                               "\" (expected basic, state, disks or network)");
    }
  }
  std::vector<std::string> parts{"basic"};
  for (auto part : only_parts) {
    if (part != "basic" && std::find(requested.begin(), requested.end(), part) != requested.end()) {
      parts.emplace_back(part);
    }
  }
  return parts;
}

Result<json::object> create_body(CreateSpec const& spec, Aliases const& aliases, std::string const& project_id,
                                 std::int64_t sequence_id, CallSite const& site) {
  if (spec.name.empty()) return invalid(site, "a VM needs a name");
  if (spec.size.empty()) return invalid(site, "a VM needs a size");
  if (!spec.tags.empty()) return invalid(site, "OpenScaler VMs have no tags; remove them from the request");
  if (!spec.zone.empty()) return invalid(site, "OpenScaler has regions, not zones; use region instead of zone");
  if (auto keys = check_option_keys(spec.provider_options, {"password", "project_id"}, site); !keys) {
    return keys.error();
  }
  auto password = string_option(spec.provider_options, "password", site);
  if (!password) return password.error();

  json::array disks;
  for (int size_gb : spec.extra_disks_gb) {
    if (size_gb <= 0) return invalid(site, "an attached disk needs a positive size in GB");
    disks.push_back(json::object{{"sizeGB", size_gb}});
  }
  json::array keys;
  for (auto const& key : spec.ssh_public_keys) keys.emplace_back(key);

  json::object body;
  body["size"] = Aliases::resolve(aliases.size, spec.size);
  body["project_id"] = project_id;
  body["name"] = spec.name;
  body["description"] = description_with_key(spec.description, spec.idempotency_key);
  if (!spec.region.empty()) body["region"] = Aliases::resolve(aliases.region, spec.region);
  if (!spec.image.empty()) body["distro"] = Aliases::resolve(aliases.image, spec.image);
  body["attached_disks"] = std::move(disks);
  body["ssh_keys"] = std::move(keys);
  if (*password) body["password"] = **password;
  body["cloud_init_user_data"] = spec.user_data;
  body["sequence_id"] = sequence_id;
  return body;
}

}  // namespace polycloud::openscaler
