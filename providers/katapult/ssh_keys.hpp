#pragma once
// The organization's SSH keys (katapult-api.md §5): the list (id, name and fingerprint only, paged),
// the add, and reading their answers. No I/O: KatapultProvider::ensure_ssh_keys drives them.

#include "providers/common/call_site.hpp"
#include "providers/katapult/settings.hpp"

#include <polycloud/error.hpp>

#include <boost/json/value.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::katapult {

/// GET /organizations/_/ssh_keys?organization[key]=…&page=…&per_page=…
boost::urls::url ssh_keys_url(boost::urls::url_view endpoint, Organization const& organization, std::size_t page,
                              std::size_t per_page);
/// POST /organizations/_/ssh_keys
boost::urls::url add_ssh_key_url(boost::urls::url_view endpoint);
/// The documented body {"organization": {…}, "ssh_key": {"name", "key"}} (not GK's bare {name, key},
/// which the schemas' required `ssh_key` argument would refuse).
std::string add_ssh_key_body(Organization const& organization, std::string_view name, std::string_view key);

struct OrganizationKey {
  std::string id;
  std::string name;
  std::string fingerprint;  ///< opaque: SHA256 base64 or MD5 colon-hex, perhaps followed by a comment
};
struct OrganizationKeysPage {
  std::vector<OrganizationKey> keys;
  bool last = true;  ///< current_page >= total_pages, or (large sets) a short page
};
/// One page of the list; `per_page` decides "short" when the totals are null (large_set).
Result<OrganizationKeysPage> read_ssh_keys_page(boost::json::value const& body, std::size_t per_page,
                                                providers::CallSite const& site);
/// The id in an add's answer {"ssh_key": {id, …}}.
Result<std::string> read_added_ssh_key(boost::json::value const& body, providers::CallSite const& site);

}  // namespace polycloud::katapult
