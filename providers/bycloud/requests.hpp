#pragma once
// Builds ByCloud requests: the list query (which filters go to the server), the create body, the
// reboot body. No I/O. The routes that are inferred rather than documented live in inferred_routes.hpp.

#include "providers/bycloud/settings.hpp"
#include "providers/common/call_site.hpp"
#include "providers/common/secret_forms.hpp"

#include <polycloud/config.hpp>
#include <polycloud/create_spec.hpp>
#include <polycloud/provider.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::bycloud {

/// The server-side filters of one listing. Only what maps exactly onto the neutral filter is pushed
/// down; the pager applies the whole neutral filter to every item anyway, so results equal a listing
/// without push-down.
struct ListQuery {
  std::size_t limit = default_limit;
  std::optional<std::string> name;    ///< exact, or a prefix ending in '*'
  std::optional<std::string> status;  ///< a Nova status
  std::vector<std::string> tags;      ///< each must be present
  std::optional<std::string> flavor_id;  ///< provider option: no neutral equivalent
  std::optional<std::string> image_id;   ///< provider option: no neutral equivalent
};

/// What of `filter` the server can do exactly: a name glob that is exact or a single trailing '*',
/// a state standing for exactly one Nova status, tags given with an empty value (ByCloud tags have
/// no value; metadata, which has, is not filterable server-side).
ListQuery push_down(InstanceFilter const& filter);

/// The listing's query: push_down(filter), the limit (ListOptions::page_size, else the configured
/// one) and the provider options flavor_id and image_id (anything else is invalid_argument).
Result<ListQuery> plan_list(ListOptions const& options, std::size_t configured_limit, providers::CallSite const& site);

/// GET /v1/instances?limit=…[&marker=…][&name=…]… against the configured endpoint, never a server link.
boost::urls::url list_url(boost::urls::url_view endpoint, ListQuery const& query, std::string_view marker);

using providers::base64_encode;  // user_data travels encoded

/// The POST /v1/instances body: name, description, flavor_id (size through the aliases), image_id
/// (image through the aliases), metadata and tags (see below), user_data (base64), and the provider
/// options key_name, networks and security_groups. invalid_argument, before anything is sent, for
/// what ByCloud cannot take: raw SSH keys (it takes key names), a zone, extra disks, another region.
/// A spec tag with an empty value becomes a ByCloud tag, any other a metadata entry. An idempotency key
/// K becomes metadata {"polycloud-key": K} and the tag idempotency_tag(K), which the list's `tags`
/// filter finds (metadata cannot be filtered on the server).
/// The ByCloud tag standing for idempotency key `key`: "polycloud-key:" + key (a key has no comma, so
/// it is one entry of the comma-separated `tags` filter).
std::string idempotency_tag(std::string_view key);

Result<boost::json::object> create_body(CreateSpec const& spec, Aliases const& aliases, std::string_view region,
                                        providers::CallSite const& site);

/// {"type":"SOFT"} or {"type":"HARD"}
std::string reboot_body(RebootType type);

}  // namespace polycloud::bycloud
