#include "providers/bycloud/requests.hpp"

#include "providers/bycloud/state_table.hpp"
#include "providers/common/idempotency.hpp"
#include "providers/common/requests.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace polycloud::bycloud {

namespace json = boost::json;
using providers::CallSite;

namespace {

/// The name glob as ByCloud's `name` parameter, when it means exactly the same.
std::optional<std::string> name_parameter(std::string const& glob) {
  if (glob.empty() || glob.find('?') != std::string::npos) return std::nullopt;
  auto const star = glob.find('*');
  if (star == std::string::npos) return glob;                     // exact
  if (star + 1 == glob.size() && star > 0) return glob;           // prefix*
  return std::nullopt;                                            // "*", "a*b", "*a": client-side
}

/// A list option given as a JSON array of strings or a comma-separated string (as the CLI passes it).
Result<std::vector<std::string>> string_list_option(json::object const& options, std::string_view key,
                                                    CallSite const& site) {
  std::vector<std::string> items;
  auto const* value = options.if_contains(key);
  if (value == nullptr) return items;
  auto bad = [&] {
    return providers::invalid_argument(site, "provider option \"" + std::string(key) +
                                                 "\": expected an array of strings or a comma-separated string");
  };
  if (auto const* text = value->if_string()) {
    std::string_view rest = *text;
    while (!rest.empty()) {
      auto const comma = rest.find(',');
      if (auto item = rest.substr(0, comma); !item.empty()) items.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else if (auto const* array = value->if_array()) {
    for (auto const& item : *array) {
      if (!item.is_string() || item.get_string().empty()) return bad();
      items.emplace_back(item.get_string());
    }
  } else {
    return bad();
  }
  if (items.empty()) return bad();
  return items;
}

/// networks: a network uuid per entry, or {uuid, port, fixed_ip} objects passed as documented.
Result<json::array> networks_option(json::object const& options, CallSite const& site) {
  json::array networks;
  auto const* value = options.if_contains("networks");
  if (value == nullptr) return networks;
  if (auto const* array = value->if_array()) {
    for (auto const& entry : *array) {
      auto const* object = entry.if_object();
      if (object == nullptr) continue;  // strings are handled below
      for (auto const& field : *object) {
        if (field.key() != "uuid" && field.key() != "port" && field.key() != "fixed_ip") {
          return providers::invalid_argument(site, "provider option \"networks\": unknown field \"" +
                                                       std::string(field.key()) + "\" (expected uuid, port, fixed_ip)");
        }
      }
      networks.push_back(*object);
    }
    if (!networks.empty()) {
      if (networks.size() != array->size()) {
        return providers::invalid_argument(site, "provider option \"networks\": mix of objects and strings");
      }
      return networks;
    }
  }
  auto uuids = string_list_option(options, "networks", site);
  if (!uuids) return uuids.error();
  for (auto& uuid : *uuids) networks.push_back(json::object{{"uuid", std::move(uuid)}});
  return networks;
}

}  // namespace

ListQuery push_down(InstanceFilter const& filter) {
  ListQuery query;
  query.name = name_parameter(filter.name_glob);
  if (filter.state) {
    if (auto status = only_status_for(*filter.state); !status.empty()) query.status = std::string(status);
  }
  for (auto const& [key, value] : filter.tags) {
    // A ByCloud tag has no value, and the parameter is comma-separated.
    if (value.empty() && key.find(',') == std::string::npos) query.tags.push_back(key);
  }
  return query;
}

Result<ListQuery> plan_list(ListOptions const& options, std::size_t configured_limit, CallSite const& site) {
  if (auto keys = providers::check_option_keys(options.provider_options, {"flavor_id", "image_id"}, site); !keys) {
    return keys.error();
  }
  auto query = push_down(options.filter);
  query.limit = options.page_size != 0 ? options.page_size : configured_limit;
  auto flavor = providers::string_option(options.provider_options, "flavor_id", site);
  if (!flavor) return flavor.error();
  query.flavor_id = std::move(*flavor);
  auto image = providers::string_option(options.provider_options, "image_id", site);
  if (!image) return image.error();
  query.image_id = std::move(*image);
  return query;
}

boost::urls::url list_url(boost::urls::url_view endpoint, ListQuery const& query, std::string_view marker) {
  auto url = providers::resource_url(endpoint, {"v1", "instances"});
  // append_query_param, not params().append: a '+' in a marker or a name must not reach a form
  // decoder raw, where it would read as a space.
  providers::append_query_param(url, "limit", std::to_string(query.limit));
  if (!marker.empty()) providers::append_query_param(url, "marker", marker);
  if (query.name) providers::append_query_param(url, "name", *query.name);
  if (query.status) providers::append_query_param(url, "status", *query.status);
  if (!query.tags.empty()) {
    std::string joined;
    for (auto const& tag : query.tags) joined += (joined.empty() ? "" : ",") + tag;
    providers::append_query_param(url, "tags", joined);
  }
  if (query.flavor_id) providers::append_query_param(url, "flavor_id", *query.flavor_id);
  if (query.image_id) providers::append_query_param(url, "image_id", *query.image_id);
  return url;
}

std::string idempotency_tag(std::string_view key) {
  return std::string(providers::idempotency_key_name) + ":" + std::string(key);
}

Result<json::object> create_body(CreateSpec const& spec, Aliases const& aliases, std::string_view region,
                                 CallSite const& site) {
  auto keys = providers::check_option_keys(spec.provider_options, {"key_name", "networks", "security_groups"}, site);
  if (!keys) return keys.error();
  auto refuse = [&](std::string message) { return providers::invalid_argument(site, std::move(message)); };
  if (spec.name.empty()) return refuse("a name is required");
  if (spec.size.empty()) return refuse("a size (ByCloud flavor id, or an alias of one) is required");
  if (!spec.zone.empty()) return refuse("ByCloud has no zones to choose; leave zone empty");
  if (!spec.extra_disks_gb.empty()) return refuse("extra disks are not supported by the ByCloud adapter");
  if (!spec.region.empty()) {
    auto const& wanted = Aliases::resolve(aliases.region, spec.region);
    if (wanted != region) {
      return refuse("region \"" + wanted + "\" is not this endpoint's region" +
                    (region.empty() ? std::string() : " (\"" + std::string(region) + "\")") +
                    ": ByCloud serves one region per endpoint; configure a provider for that region");
    }
  }
  auto key_name = providers::string_option(spec.provider_options, "key_name", site);
  if (!key_name) return key_name.error();
  if (!spec.ssh_public_keys.empty()) {
    // The provider registers a key as a keypair first (ByCloudProvider::keyed_body): the body takes its name.
    return refuse("ByCloud takes key names (of key pairs registered with it), not key material: the body takes "
                  "the provider option key_name");
  }
  auto networks = networks_option(spec.provider_options, site);
  if (!networks) return networks.error();
  auto groups = string_list_option(spec.provider_options, "security_groups", site);
  if (!groups) return groups.error();

  json::object body;
  body["name"] = spec.name;
  if (!spec.description.empty()) body["description"] = spec.description;
  body["flavor_id"] = Aliases::resolve(aliases.size, spec.size);
  if (!spec.image.empty()) body["image_id"] = Aliases::resolve(aliases.image, spec.image);
  if (*key_name) body["key_name"] = **key_name;
  if (!groups->empty()) {
    json::array names;
    for (auto& group : *groups) names.push_back(json::object{{"name", std::move(group)}});  // Nova's shape [inferred]
    body["security_groups"] = std::move(names);
  }
  if (!networks->empty()) body["networks"] = std::move(*networks);
  json::object metadata;
  json::array tags;
  for (auto const& [key, value] : spec.tags) {
    if (value.empty()) {
      tags.emplace_back(key);
    } else {
      metadata[key] = value;
    }
  }
  if (!spec.idempotency_key.empty()) {
    metadata[providers::idempotency_key_name] = spec.idempotency_key;
    tags.emplace_back(idempotency_tag(spec.idempotency_key));
  }
  if (!metadata.empty()) body["metadata"] = std::move(metadata);
  if (!tags.empty()) body["tags"] = std::move(tags);
  if (!spec.user_data.empty()) body["user_data"] = base64_encode(spec.user_data);
  return body;
}

std::string reboot_body(RebootType type) { return json::serialize(json::object{{"type", to_string(type)}}); }

}  // namespace polycloud::bycloud
