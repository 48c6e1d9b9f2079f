#pragma once
// The build-from-spec request (katapult-api.md §4, §4a): the spec XML in BS's element order and the
// JSON body carrying it. Used when a create has SSH keys, which the plain build body cannot carry.
// Every text and attribute value is escaped: a name or tag cannot add elements. No I/O.

#include "providers/common/call_site.hpp"
#include "providers/katapult/settings.hpp"

#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::katapult {

/// POST /organizations/_/virtual_machines/build_from_spec (`_` as katapult-api.md §0 advises).
boost::urls::url build_from_spec_url(boost::urls::url_view endpoint);

/// `text` with & < > " ' as XML entities; the characters XML 1.0 cannot hold at all (controls other
/// than tab, CR, LF) are refused by spec_xml before this is reached.
std::string xml_escape(std::string_view text);

/// The spec XML: <DataCenter>/<Zone> (region/zone through the aliases), <Resources><Package> (size),
/// <DiskTemplate> (image), <Hostname> (name), <AuthorizedKeys><SSHKeys><SSHKey>ID… (the organization
/// key ids `ssh_key_ids`; never all="yes", which would authorize every key of the organization), and
/// <Tags> with the spec's tags that have no value (tag names; pairs go to annotations). A reference
/// that is_id is sent as an id, anything else `by="permalink"`. invalid_argument for text XML cannot hold.
Result<std::string> spec_xml(CreateSpec const& spec, Aliases const& aliases,
                             std::vector<std::string> const& ssh_key_ids, providers::CallSite const& site);

/// The spec's tag names: its tags without a value (<Tags>, and tag_names after the build).
std::vector<std::string> tag_names(CreateSpec const& spec);

/// The JSON body: {"organization": {key: value}, "xml": …, "annotations": [the spec's tags that have a
/// value, then the idempotency key's (add_idempotency_annotation)]}. One small function so that what else rides in the body (annotations) is added in one place.
boost::json::object build_from_spec_body(Organization const& organization, std::string xml, CreateSpec const& spec);

}  // namespace polycloud::katapult
