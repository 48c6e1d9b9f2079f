#pragma once
// Removing a credential from text that may be printed: an error message, a trace line, a header
// value a server echoed. Providers call it wherever text from a response can reach a log or terminal.
#include <cstddef>
#include <string>
#include <string_view>

namespace polycloud {

/// What replaces each occurrence of a secret.
inline constexpr std::string_view scrubbed_marker = "REDACTED";

/// Secrets shorter than this are only scrubbed where they stand alone (see scrub_secret). Config
/// validation refuses shorter tokens, so this only matters for a ProviderConfig built in code.
inline constexpr std::size_t min_secret_length = 8;

/// Replaces every whole occurrence of `secret` in `text` with REDACTED: written plainly,
/// percent-encoded (%XX, either case, any mix with plain characters) or HTML-escaped (&amp; &lt; &gt;
/// &quot; &apos; and numeric &#NN; / &#xHH;). Only the complete secret is matched, never a part of it.
/// A secret shorter than min_secret_length is matched only where no letter or digit touches it on
/// either side, so scrubbing "t" leaves "1 attempt" alone instead of pointing at every "t".
/// An empty secret leaves the text unchanged.
std::string scrub_secret(std::string text, std::string_view secret);

/// scrub_secret for a configured credential: the whole of it, and for a `<key-id>:<secret>` credential
/// (ByCloud's api_key, sent as `X-Api-Key: id:secret`) also the secret after the last ':' on its own,
/// when it is at least min_secret_length long: a server may echo just that part. The key id alone is
/// an identifier, not a secret, and stays.
std::string scrub_credential(std::string text, std::string_view credential);

}  // namespace polycloud
