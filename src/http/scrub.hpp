#pragma once
// Removes credential values from text the transport prints or hands on: the trace line, the dry run,
// error messages and response header values (a server may echo the token, e.g. in X-Request-Id).
// The matching is core/scrub.hpp's, the same as every adapter's: a %-encoded token in a Content-Type
// error once showed in the trace while the stderr line of the same error was scrubbed (issue 22).

#include "http/client.hpp"

#include <string>
#include <cstddef>
#include <vector>

namespace polycloud::http {

class CredentialScrubber {
 public:
  /// Each credential value is a secret, and so is its last word ("Bearer <token>" → "<token>").
  explicit CredentialScrubber(Headers const& credential_headers);

  /// Adds a secret learnt later: a token the client fetched (token_cache.hpp), or an OAuth client
  /// secret. The last `max_added` are kept (a token refreshed hourly for a year would otherwise pile
  /// up); an older token was refused or expired long ago.
  void add(std::string secret);
  static constexpr std::size_t max_added = 8;

  /// Replaces each secret with REDACTED through core/scrub.hpp, the one scrubber of every output:
  /// plain, percent-encoded or HTML-escaped; a short secret only where it stands alone. `extra` are
  /// the request's own secrets (Request::secrets).
  void scrub(std::string& text, std::vector<std::string> const& extra = {}) const;

 private:
  void sort();
  std::vector<std::string> secrets_;  ///< longest first, so a whole value goes before its last word
  std::vector<std::string> added_;    ///< oldest first
};

}  // namespace polycloud::http
