#pragma once
// Who is calling: every error an adapter makes names the configured provider and the operation,
// and never carries the credential (a server may echo it back in a message or a header).

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

struct CallSite {
  std::string provider;        ///< configured name ("alg")
  std::string_view type;       ///< adapter type ("openscaler"), for messages about options
  std::string operation;       ///< "list", "get", "create"…
  Secret const* secret = nullptr;  ///< the credential to scrub from every message; may be null
  /// Secrets the caller handed over for this call (a create's VM password): scrubbed like `secret`
  /// from every message, and copied by request_for into the request, whose dry run, trace line and
  /// errors the transport scrubs of them too.
  std::vector<std::string> call_secrets{};
};

/// Removes the credential and the call's secrets (and their encoded forms) from `text`.
void scrub(std::string& text, CallSite const& site);

/// ErrorKind::protocol: the provider answered something we cannot read.
Error protocol_error(CallSite const& site, std::string message);

/// ErrorKind::invalid_argument, before anything is sent.
Error invalid_argument(CallSite const& site, std::string message);

/// Names the site in an error that came from elsewhere (the transport) and scrubs the credential.
Error attribute(Error error, CallSite const& site);

/// Collapses whitespace runs (an HTML page or a stack trace becomes one readable line) and bounds
/// the length without cutting a UTF-8 character.
std::string one_line(std::string_view text);

}  // namespace polycloud::providers
