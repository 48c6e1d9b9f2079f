#pragma once
// SSH public keys a create hands over, read once for the adapters that register them with the provider
// (Katapult's organization keys, ByCloud's keypairs): the key's parts, its fingerprints in both forms a
// provider may print, and the deterministic name a registered copy gets, so a rerun finds it again.

#include "providers/common/call_site.hpp"

#include <polycloud/create_spec.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::providers {

struct PublicKey {
  std::string type;     ///< "ssh-ed25519"
  std::string blob;     ///< the base64 word
  std::string comment;  ///< the rest of the line, maybe empty
  std::string sha256;   ///< "SHA256:…" (no padding), as `ssh-keygen -l` prints it
  std::string md5;      ///< "aa:bb:…", as `ssh-keygen -E md5 -l` prints it (without its "MD5:")

  /// "TYPE BLOB[ COMMENT]", whitespace normalised: what is registered.
  std::string line() const;
  /// Whether `other` is a key line holding the same key (type and blob; the comment does not matter).
  bool same_key(std::string_view other) const;
  /// Whether a provider's fingerprint text names this key, in either form: "SHA256:…" or MD5 colon-hex
  /// (with or without "MD5:"), optionally followed by the key's comment (Katapult's documented mock
  /// prints "SHA256:… user@machine.local"). Case-insensitive for the hex form only.
  bool has_fingerprint(std::string_view fingerprint) const;
  /// "polycloud-" + the first 16 characters of the SHA256 fingerprint in the URL-safe alphabet: the
  /// name a key is registered under when no registered copy exists. 96 bits: two keys never share one.
  std::string registered_name() const;
};

/// Reads one OpenSSH public key line (`TYPE BASE64 [COMMENT]`, the blob naming TYPE itself).
/// invalid_argument naming the key's position (never its text) when it is not one.
Result<PublicKey> read_public_key(std::string_view line, std::size_t position, CallSite const& site);

/// Every key of the spec, read; the first bad one fails the call before anything is sent.
Result<std::vector<PublicKey>> read_public_keys(CreateSpec const& spec, CallSite const& site);

}  // namespace polycloud::providers
