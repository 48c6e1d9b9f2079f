#pragma once
// Request building every adapter does the same way: URLs through Boost.URL (an id of any characters
// stays one path segment), provider-option checks. (Ids are checked by polycloud::check_resource_id.)

#include "providers/common/call_site.hpp"

#include "http/client.hpp"

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::providers {

/// The endpoint with `segments` appended, each exactly one path segment with every character outside RFC
/// 3986's unreserved set percent-encoded (`;` `:` `@` `/` included, so `..;` cannot act as `..` on a
/// server that strips path parameters). A segment must not be "." or "..": check_resource_id refuses
/// such ids first, since no encoding keeps a normalising proxy from reading %2E%2E as "..".
boost::urls::url resource_url(boost::urls::url_view endpoint, std::initializer_list<std::string_view> segments);

/// Appends `key=value` to the query with everything but RFC 3986's unreserved characters
/// percent-encoded (Boost.URL's encode with the unreserved charset). Boost.URL 1.81's params().append
/// leaves `[` `]` raw in a key and `+` raw everywhere: Rails-style keys (`organization[id]`) are then not
/// a valid query, and a form decoder reads a `+` in a value as a space.
void append_query_param(boost::urls::url& url, std::string_view key, std::string_view value);

/// A request for `site`'s operation; a non-empty body is sent as JSON. A 2xx answer with a body must be
/// JSON (or what an Accept header set later names): anything else is a `protocol` error from the transport.
http::Request request_for(http::Method method, boost::urls::url url, CallSite const& site, std::string body = {});

/// Fails with invalid_argument, before anything is sent, when `options` has a key not in `allowed`.
/// The message names the provider type and the keys it accepts.
Result<void> check_option_keys(boost::json::object const& options, std::initializer_list<std::string_view> allowed,
                               CallSite const& site);

/// A non-empty string option; empty when absent; invalid_argument when of another type or empty.
Result<std::optional<std::string>> string_option(boost::json::object const& options, std::string_view key,
                                                 CallSite const& site);

}  // namespace polycloud::providers
