#pragma once
// The routes no ByCloud page documents, kept in one place so they can be checked (docs/providers.md
// lists them as [inferred]): get and delete at /v1/instances/{id}, start and stop as POST actions next
// to the documented reboot, and the keypairs (Nova's GET/POST /v1/keypairs). They follow the documented
// list/create/reboot routes' shape.

#include "providers/common/requests.hpp"

#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <string_view>

namespace polycloud::bycloud {

/// GET (get) and DELETE (delete) /v1/instances/{id} [inferred]; the id stays one path segment.
inline boost::urls::url instance_url(boost::urls::url_view endpoint, std::string_view id) {
  return providers::resource_url(endpoint, {"v1", "instances", id});
}

/// POST /v1/instances/{id}/start and …/stop, without a body [inferred]. (…/reboot is documented.)
inline boost::urls::url action_url(boost::urls::url_view endpoint, std::string_view id, std::string_view action) {
  return providers::resource_url(endpoint, {"v1", "instances", id, action});
}

/// GET /v1/keypairs (list) and POST /v1/keypairs {"keypair": {name, public_key}} (create) [inferred:
/// Nova's routes and shapes; answers are read in the wrapped and the bare forms, keypairs.hpp].
inline boost::urls::url keypairs_url(boost::urls::url_view endpoint) {
  return providers::resource_url(endpoint, {"v1", "keypairs"});
}

}  // namespace polycloud::bycloud
