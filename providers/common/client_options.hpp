#pragma once
// What every adapter derives from its ProviderConfig the same way: the transport's options.
// An adapter adds only its own credential headers (bearer token, API key…).
#include "http/client.hpp"

#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

namespace polycloud::providers {

/// Pool bound, TLS trust, insecure-http permission, rate limit, body limit, attempt timeout and trace
/// from the config; `origin` is the parsed endpoint; `credential_headers` go to that origin only.
http::ClientOptions client_options(ProviderConfig const& config, ProviderContext const& context,
                                   boost::urls::url origin, http::Headers credential_headers);

}  // namespace polycloud::providers
