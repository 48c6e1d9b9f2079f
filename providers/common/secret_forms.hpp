#pragma once
// The secrets a create hands over (a VM password, user data marked secret) in every form an adapter
// may print them in, so that scrubbing the call's secrets catches each (issue 22 defect 9).

#include "providers/common/call_site.hpp"

#include <polycloud/create_spec.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// RFC 4648 base64 with padding (ByCloud's user_data travels encoded).
std::string base64_encode(std::string_view bytes);

/// The forms in which `secret` can sit in what we print: as written, JSON-escaped (inside a JSON
/// body a multi-line cloud-init has its line ends as `\n`, a password its `"` as `\"`) and base64.
/// Each distinct form once; none for an empty secret. Percent and HTML escapes need no form of
/// their own: scrub_secret matches them itself.
std::vector<std::string> secret_forms(std::string_view secret);

/// Adds every form of `secret` to the site's call secrets.
void add_call_secret(CallSite& site, std::string_view secret);

/// Adds the spec's user data when the user marked it secret (CreateSpec::user_data_is_secret).
void add_user_data_secret(CallSite& site, CreateSpec const& spec);

}  // namespace polycloud::providers
