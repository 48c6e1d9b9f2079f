#pragma once
// Builds Katapult requests: URLs through Boost.URL (Rails-style `organization[id]=` arguments are
// percent-encoded by it), lookups by id or fqdn, the build body and the bodies naming one VM. No I/O.
//
// The literal path segments `organization` and `virtual_machine` are the API's placeholders; the
// object they mean travels as an argument.

#include "providers/common/call_site.hpp"
#include "providers/katapult/settings.hpp"

#include <polycloud/config.hpp>
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::katapult {

/// GET /organizations/organization/virtual_machines?organization[key]=…&page=…&per_page=…, plus one
/// annotations[][key]/annotations[][value] pair per tag.
boost::urls::url list_url(boost::urls::url_view endpoint, Organization const& organization, std::size_t page,
                          std::size_t per_page, std::map<std::string, std::string> const& annotations);

/// Whether a reference (data center, zone, package, disk template) is an id, `<prefix>_<alphanumerics>`
/// with any lowercase prefix, rather than a permalink: ids are opaque (katapult-api.md §3).
bool is_id(std::string_view value) noexcept;

/// How a VM is named in a lookup: "fqdn" when `id` looks like one (it has a dot; ids are `vm_…`),
/// else "id".
std::string_view vm_lookup_key(std::string_view id) noexcept;

/// GET /virtual_machines/virtual_machine?virtual_machine[id|fqdn]=…
boost::urls::url vm_url(boost::urls::url_view endpoint, std::string_view id);
/// {"virtual_machine":{"id"|"fqdn":…}}: the body of power actions and delete.
std::string vm_body(std::string_view id);

enum class PowerAction { start, stop, shutdown, reset };
std::string_view to_string(PowerAction action) noexcept;
/// POST /virtual_machines/virtual_machine/{start|stop|shutdown|reset}
boost::urls::url power_url(boost::urls::url_view endpoint, PowerAction action);

/// POST /organizations/organization/virtual_machines/build
boost::urls::url build_url(boost::urls::url_view endpoint);
/// GET /virtual_machines/builds/virtual_machine_build?virtual_machine_build[id]=…
boost::urls::url build_status_url(boost::urls::url_view endpoint, std::string_view build_id);
/// GET /tasks/task?task[id]=…
boost::urls::url task_url(boost::urls::url_view endpoint, std::string_view task_id);
/// DELETE /virtual_machines/virtual_machine (body: vm_body)
boost::urls::url delete_url(boost::urls::url_view endpoint);
/// PATCH /virtual_machines/virtual_machine (body: {virtual_machine, properties}; katapult-api.md §6)
boost::urls::url update_url(boost::urls::url_view endpoint);
/// DELETE /trash_objects/trash_object with {"trash_object":{"id":…}}, or {"object_id":…} when the trash
/// object's own id is not known (a VM that was already in the trash).
boost::urls::url purge_url(boost::urls::url_view endpoint);
std::string purge_body(std::string_view key, std::string_view value);

/// The build body. size → package, image → disk_template, zone → zone, else region → data_center
/// (each through the aliases; a value that is_id, `vmpkg_…`, `dtpl_…`, `zone_…`, `loc_…`, is sent as
/// id, anything else as permalink), name → hostname, tags and the idempotency key → annotations; provider
/// options are merged in last (e.g. "disk_template_options", "network"). Fields the build API does not
/// have (ssh keys, user data, extra disks, description) are rejected rather than dropped.
Result<boost::json::object> create_body(CreateSpec const& spec, Aliases const& aliases,
                                        Organization const& organization, providers::CallSite const& site);

/// Appends the idempotency key's annotation, {"key": "polycloud-key", "value": K}, when the spec has a key:
/// the one place both build bodies (`build` and `build_from_spec`) get it from, and what the list's
/// annotation filter finds again (katapult-api.md §7).
void add_idempotency_annotation(boost::json::array& annotations, CreateSpec const& spec);

/// The `annotations` of a plain build's JSON body: the spec's tags (key → value), then the key's.
boost::json::array build_annotations(CreateSpec const& spec);

/// The secrets a build's provider options carry: the value of each `disk_template_options` entry whose
/// key names a password (a template's Password-typed field, e.g. the root password). They are the
/// call's secrets (CallSite::call_secrets): never printed, traced or echoed back in an error.
std::vector<std::string> secret_options(CreateSpec const& spec);

}  // namespace polycloud::katapult
