#pragma once
// One policy for power actions (start, stop, reboot) on every adapter, so the same fault has the same
// outcome whichever provider it hits (docs/reliability.md, "Power actions"):
// - sent again only when the server surely did not act on it: it never left the client, or the
//   answer was 429, or 503 with Retry-After (http::Request::resend_if_unprocessed). Never after a
//   500/502/504, a reset or a timeout once sent: a second reboot would reboot twice;
// - a 2xx status means the provider accepted the action. A body that is then cut, of the wrong type
//   or unreadable does not undo that: the action is reported done as accepted, as it is on the
//   adapters whose answer carries nothing to read (Katapult then cannot follow its task).

#include "providers/common/call_site.hpp"

#include <polycloud/error.hpp>

#include "http/client.hpp"

#include <boost/url/url.hpp>

#include <string>

namespace polycloud::providers {

/// The POST of a power action for `site`'s operation, with the policy above.
http::Request power_action_request(boost::urls::url url, CallSite const& site, std::string body = {});

/// True when the failure came after a 2xx status line: the provider had accepted the action.
bool accepted_before_failing(Error const& error) noexcept;

}  // namespace polycloud::providers
