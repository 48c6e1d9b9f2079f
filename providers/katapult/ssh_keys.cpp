#include "providers/katapult/ssh_keys.hpp"

#include "providers/common/json_fields.hpp"
#include "providers/common/requests.hpp"

#include <boost/json/serialize.hpp>

namespace polycloud::katapult {

namespace json = boost::json;
using providers::CallSite;
using providers::protocol_error;

boost::urls::url ssh_keys_url(boost::urls::url_view endpoint, Organization const& organization, std::size_t page,
                              std::size_t per_page) {
  auto url = providers::resource_url(endpoint, {"organizations", "_", "ssh_keys"});
  providers::append_query_param(url, "organization[" + organization.key + "]", organization.value);
  providers::append_query_param(url, "page", std::to_string(page));
  providers::append_query_param(url, "per_page", std::to_string(per_page));
  return url;
}

boost::urls::url add_ssh_key_url(boost::urls::url_view endpoint) {
  return providers::resource_url(endpoint, {"organizations", "_", "ssh_keys"});
}

std::string add_ssh_key_body(Organization const& organization, std::string_view name, std::string_view key) {
  return json::serialize(json::object{{"organization", json::object{{organization.key, organization.value}}},
                                      {"ssh_key", json::object{{"name", name}, {"key", key}}}});
}

Result<OrganizationKeysPage> read_ssh_keys_page(json::value const& body, std::size_t per_page, CallSite const& site) {
  auto const* root = body.if_object();
  auto const* listed = root != nullptr ? root->if_contains("ssh_keys") : nullptr;
  if (listed == nullptr || !listed->is_array()) return protocol_error(site, "the answer has no ssh_keys array");
  OrganizationKeysPage page;
  std::size_t index = 0;
  for (auto const& item : listed->get_array()) {
    auto const path = "ssh_keys[" + std::to_string(index++) + "]";
    if (!item.is_object()) return protocol_error(site, path + ": expected an object");
    providers::FieldReader reader(item.get_object(), path);
    OrganizationKey key{reader.string("id").value_or(""), reader.string("name").value_or(""),
                        reader.string("fingerprint").value_or("")};
    if (!reader.problem().empty()) return protocol_error(site, reader.problem());
    if (key.id.empty()) return protocol_error(site, path + ".id: missing");
    page.keys.push_back(std::move(key));
  }
  // The pagination object as for every list (katapult-api.md §0); without one, this page is all there is.
  auto const* pagination = root->if_contains("pagination");
  if (pagination == nullptr || !pagination->is_object()) return page;
  providers::FieldReader reader(pagination->get_object(), "pagination");
  auto const current = reader.integer("current_page", 1);
  auto const total = reader.integer("total_pages", 0);
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  page.last = current && total ? *current >= *total : page.keys.size() < per_page;
  return page;
}

Result<std::string> read_added_ssh_key(json::value const& body, CallSite const& site) {
  auto const* root = body.if_object();
  auto const* key = root != nullptr ? root->if_contains("ssh_key") : nullptr;
  if (key == nullptr || !key->is_object()) return protocol_error(site, "the answer has no ssh_key object");
  providers::FieldReader reader(key->get_object(), "ssh_key");
  auto id = reader.string("id");
  if (!reader.problem().empty()) return protocol_error(site, reader.problem());
  if (!id || id->empty()) return protocol_error(site, "ssh_key.id: missing");
  return std::move(*id);
}

}  // namespace polycloud::katapult
