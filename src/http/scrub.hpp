#pragma once
// Removes credential values from text the transport prints or hands on: the trace line, error
// messages and response header values (a server may echo the token, e.g. in X-Request-Id).
// Whole tokens only: a one-letter token must not turn "attempt" into "aREDACTEDREDACTEDempREDACTED".

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

  /// Replaces each occurrence of a secret that is not part of a longer alphanumeric run with REDACTED.
  void scrub(std::string& text) const;

 private:
  void sort();
  std::vector<std::string> secrets_;  ///< longest first, so a whole value goes before its last word
  std::vector<std::string> added_;    ///< oldest first
};

}  // namespace polycloud::http
