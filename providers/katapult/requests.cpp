#include "providers/katapult/requests.hpp"

#include "providers/common/idempotency.hpp"
#include "providers/common/requests.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

namespace polycloud::katapult {

namespace json = boost::json;
using providers::resource_url;
// Rails brackets ("organization[id]", "annotations[][key]") leave percent-encoded: see append_query_param.
using providers::append_query_param;

namespace {

/// A lookup object ({"id": …} or {"permalink": …}) for a reference that may be either. Ids are opaque
/// past their shape, `<prefix>_<letters and digits>`: the prefix is not fixed (real data-center ids
/// are `loc_…` where the reference's fixtures show `dc_…`, katapult-api.md §3). Permalinks are
/// lowercase words joined by '-' (`uk-lon-01`), or paths (`templates/ubuntu-22-04`): never a '_'.
json::object reference(std::string const& value) {
  return {{is_id(value) ? "id" : "permalink", value}};
}

boost::urls::url with_lookup(boost::urls::url url, std::string_view object, std::string_view key,
                             std::string_view value) {
  append_query_param(url, std::string(object) + "[" + std::string(key) + "]", value);
  return url;
}

}  // namespace

bool is_id(std::string_view value) noexcept {
  auto const underscore = value.find('_');
  if (underscore == 0 || underscore == std::string_view::npos || underscore + 1 == value.size()) return false;
  auto const lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto const alnum = [&](char c) { return lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  auto const prefix = value.substr(0, underscore), rest = value.substr(underscore + 1);
  return std::all_of(prefix.begin(), prefix.end(), lower) && std::all_of(rest.begin(), rest.end(), alnum);
}

boost::urls::url list_url(boost::urls::url_view endpoint, Organization const& organization, std::size_t page,
                          std::size_t per_page, std::map<std::string, std::string> const& annotations) {
  auto url = with_lookup(resource_url(endpoint, {"organizations", "organization", "virtual_machines"}), "organization",
                         organization.key, organization.value);
  for (auto const& [key, value] : annotations) {
    append_query_param(url, "annotations[][key]", key);
    append_query_param(url, "annotations[][value]", value);
  }
  append_query_param(url, "page", std::to_string(page));
  append_query_param(url, "per_page", std::to_string(per_page));
  return url;
}

std::string_view vm_lookup_key(std::string_view id) noexcept {
  return id.find('.') != std::string_view::npos ? "fqdn" : "id";
}

boost::urls::url vm_url(boost::urls::url_view endpoint, std::string_view id) {
  return with_lookup(resource_url(endpoint, {"virtual_machines", "virtual_machine"}), "virtual_machine",
                     vm_lookup_key(id), id);
}

std::string vm_body(std::string_view id) {
  return json::serialize(json::object{{"virtual_machine", json::object{{vm_lookup_key(id), id}}}});
}

std::string_view to_string(PowerAction action) noexcept {
  switch (action) {
    case PowerAction::start: return "start";
    case PowerAction::stop: return "stop";
    case PowerAction::shutdown: return "shutdown";
    case PowerAction::reset: return "reset";
  }
  return "start";
}

boost::urls::url power_url(boost::urls::url_view endpoint, PowerAction action) {
  return resource_url(endpoint, {"virtual_machines", "virtual_machine", to_string(action)});
}

boost::urls::url build_url(boost::urls::url_view endpoint) {
  return resource_url(endpoint, {"organizations", "organization", "virtual_machines", "build"});
}

boost::urls::url build_status_url(boost::urls::url_view endpoint, std::string_view build_id) {
  return with_lookup(resource_url(endpoint, {"virtual_machines", "builds", "virtual_machine_build"}),
                     "virtual_machine_build", "id", build_id);
}

boost::urls::url task_url(boost::urls::url_view endpoint, std::string_view task_id) {
  return with_lookup(resource_url(endpoint, {"tasks", "task"}), "task", "id", task_id);
}

boost::urls::url delete_url(boost::urls::url_view endpoint) {
  return resource_url(endpoint, {"virtual_machines", "virtual_machine"});
}

boost::urls::url update_url(boost::urls::url_view endpoint) {
  return resource_url(endpoint, {"virtual_machines", "virtual_machine"});
}

boost::urls::url purge_url(boost::urls::url_view endpoint) {
  return resource_url(endpoint, {"trash_objects", "trash_object"});
}

std::string purge_body(std::string_view key, std::string_view value) {
  return json::serialize(json::object{{"trash_object", json::object{{key, value}}}});
}

Result<json::object> create_body(CreateSpec const& spec, Aliases const& aliases, Organization const& organization,
                                 providers::CallSite const& site) {
  auto unsupported = [&](char const* field) {
    return providers::invalid_argument(
        site, std::string(field) + " is not supported by Katapult's build API (use a disk template, or pass "
                                   "\"disk_template_options\" as a provider option)");
  };
  if (!spec.ssh_public_keys.empty()) return unsupported("ssh_public_keys");
  if (!spec.user_data.empty()) return unsupported("user_data");
  if (!spec.extra_disks_gb.empty()) return unsupported("extra_disks_gb");
  if (!spec.description.empty()) return unsupported("description");
  if (spec.name.empty()) return providers::invalid_argument(site, "a name is required: it becomes the hostname");
  if (spec.size.empty()) return providers::invalid_argument(site, "a size is required: it names the package");

  json::object body;
  body["organization"] = json::object{{organization.key, organization.value}};
  body["package"] = reference(Aliases::resolve(aliases.size, spec.size));
  if (!spec.image.empty()) body["disk_template"] = reference(Aliases::resolve(aliases.image, spec.image));
  if (!spec.zone.empty()) {
    body["zone"] = reference(spec.zone);
  } else if (!spec.region.empty()) {
    body["data_center"] = reference(Aliases::resolve(aliases.region, spec.region));
  }
  body["hostname"] = spec.name;
  if (auto annotations = build_annotations(spec); !annotations.empty()) body["annotations"] = std::move(annotations);
  for (auto const& [key, value] : spec.provider_options) body[key] = value;
  return body;
}

json::array build_annotations(CreateSpec const& spec) {
  json::array annotations;
  for (auto const& [key, value] : spec.tags) annotations.push_back(json::object{{"key", key}, {"value", value}});
  add_idempotency_annotation(annotations, spec);
  return annotations;
}

void add_idempotency_annotation(json::array& annotations, CreateSpec const& spec) {
  if (spec.idempotency_key.empty()) return;
  annotations.push_back(json::object{{"key", providers::idempotency_key_name}, {"value", spec.idempotency_key}});
}

std::vector<std::string> secret_options(CreateSpec const& spec) {
  std::vector<std::string> secrets;
  auto const* options = spec.provider_options.if_contains("disk_template_options");
  if (options == nullptr || !options->is_array()) return secrets;
  for (auto const& option : options->get_array()) {
    auto const* entry = option.if_object();
    auto const* key = entry != nullptr ? entry->if_contains("key") : nullptr;
    auto const* value = entry != nullptr ? entry->if_contains("value") : nullptr;
    if (key == nullptr || !key->is_string() || value == nullptr || !value->is_string()) continue;
    std::string lower(key->get_string());
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.find("password") != std::string::npos) secrets.emplace_back(value->get_string());
  }
  return secrets;
}

}  // namespace polycloud::katapult
