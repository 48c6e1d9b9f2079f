#pragma once
// Credential sources: where the transport gets a bearer token it must fetch rather than being given
// one (Azure core's BearerTokenAuthenticationPolicy, aws credential_process, kubectl exec plugins).
// The adapter's config glue names the source (providers/common/client_options.cpp); the client
// fetches through it, caches the token until shortly before it expires, fetches once more after a
// 401, and scrubs every token it fetched from what it prints (token_cache.hpp). A fixed token or API
// key needs no source: it is ClientOptions::credential_headers.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::http {

class Client;
struct ClientOptions;

/// The wall clock a token's expiry is read against; injectable so tests need not sleep.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

struct FetchedToken {
  std::string value;  ///< sent as "Authorization: Bearer <value>"
  /// When it stops being valid; empty: until a 401 says so.
  std::optional<std::chrono::system_clock::time_point> expires_at;
};

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  /// Fetches a fresh token by `deadline` (the call's) or the source's own timeout, whichever is first.
  /// Called on the client's strand, never twice at once for one client. Errors name the provider and
  /// never hold the token nor anything the source printed.
  virtual boost::asio::awaitable<Result<FetchedToken>> fetch(Clock::time_point deadline) = 0;
  /// The secrets the source itself holds (an OAuth client secret), to scrub like the tokens.
  virtual std::vector<std::string> own_secrets() const { return {}; }
};

/// Runs `command` (no shell) and reads {"token": …, "expires_at": RFC 3339 | "expires_in": seconds}
/// from its stdout (at most 64 KiB). Failures are `config` errors naming `provider`; a command still
/// running after its timeout is killed (its whole process group) and the error is `timeout`.
std::shared_ptr<CredentialSource> token_command_source(std::string provider, TokenCommand command, WallClock now = {});

/// OAuth 2 client credentials (RFC 6749 section 4.4): POSTs grant_type=client_credentials (and the scope)
/// to `oauth.token_url` with client_id:client_secret as HTTP Basic (section 2.3.1), through a Client of
/// its own built from `transport` (TLS trust, timeouts, trace; its origin and credential are the token
/// URL's). Reads access_token, token_type (must be Bearer) and expires_in (section 5.1). A refusal
/// (400/401, section 5.2) is `unauthenticated` naming the OAuth error code.
Result<std::shared_ptr<CredentialSource>> oauth_source(boost::asio::any_io_executor executor, OAuthClient oauth,
                                                       ClientOptions transport, WallClock now = {});

}  // namespace polycloud::http
