#pragma once
// Removes credential values from text the transport prints or hands on: the trace line, error
// messages and response header values (a server may echo the token, e.g. in X-Request-Id).
// Whole tokens only: a one-letter token must not turn "attempt" into "aREDACTEDREDACTEDempREDACTED".

#include "http/client.hpp"

#include <string>
#include <vector>

namespace polycloud::http {

class CredentialScrubber {
 public:
  /// Each credential value is a secret, and so is its last word ("Bearer <token>" → "<token>").
  explicit CredentialScrubber(Headers const& credential_headers);

  /// Replaces each occurrence of a secret that is not part of a longer alphanumeric run with REDACTED.
  void scrub(std::string& text) const;

 private:
  std::vector<std::string> secrets_;  ///< longest first, so a whole value goes before its last word
};

}  // namespace polycloud::http
