#pragma once
// The check every error-answer fuzzer runs: whatever the server sends back (the body, echoed headers,
// the token itself raw or encoded), the Error names the provider and never carries the credential.
#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <cstdlib>
#include <string>

namespace polycloud::fuzz {

/// A credential at the minimum length the config accepts; the fuzzers' CallSites carry it.
inline Secret const& fuzz_token() {
  static Secret const token{"tok3n-Secret"};
  return token;
}

/// The provider name the fuzzers' CallSites use.
inline constexpr char const* fuzz_provider = "fuzz";

inline void expect_clean(Error const& error) {
  auto const text = error.to_string();
  if (text.find(fuzz_token().reveal()) != std::string::npos) std::abort();
  if (text.find(fuzz_provider) == std::string::npos) std::abort();  // the provider is named
}

}  // namespace polycloud::fuzz
