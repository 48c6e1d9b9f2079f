#pragma once
// What every adapter derives from its ProviderConfig the same way: the transport's options and the
// client itself. An adapter supplies only its own credential headers (bearer token, API key…).
#include "providers/common/error_mapping.hpp"

#include "http/client.hpp"

#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <memory>

namespace polycloud::providers {

/// Pool bound, TLS trust, insecure-http permission, rate limit, body limit, attempt timeout and trace
/// from the config; `origin` is the parsed endpoint; `credential_headers` go to that origin only.
http::ClientOptions client_options(ProviderConfig const& config, ProviderContext const& context,
                                   boost::urls::url origin, http::Headers credential_headers);

/// True when the bearer token is fetched ("token_command" or "oauth") rather than configured.
bool has_token_source(ProviderConfig const& config) noexcept;

/// {"Authorization": "Bearer <token>"}; none when the token is fetched (has_token_source: make_client
/// then gives the transport the source); a config error when no key gave a token.
Result<http::Headers> bearer_credentials(ProviderConfig const& config);

/// The adapter's transport client: the credential check's error first, then the endpoint (a config
/// error when it is not an absolute URL), then whatever the transport refuses (a CA file it cannot read).
/// With "token_command" or "oauth", the client gets that credential source (http/credential_source.hpp).
/// `decode`, when given, is the adapter's error decoder: an answer it reads as `unauthenticated` (not
/// only a 401) then makes the client fetch a fresh token and send once more (Katapult: 403 invalid_api_token).
Result<std::unique_ptr<http::Client>> make_client(ProviderConfig const& config, ProviderContext const& context,
                                                  Result<http::Headers> credential_headers,
                                                  ErrorBodyDecoder decode = nullptr);

}  // namespace polycloud::providers
