#pragma once
// SSH public key fingerprints as `ssh-keygen -l` prints them (SHA256 base64 and, with `-E md5`, MD5
// colon-hex). They live beside the transport only because OpenSSL is linked here and must stay out of
// providers/ and public headers (ctest `layering`): this header is plain, adapters may include it.

#include <optional>
#include <string>
#include <string_view>

namespace polycloud::http {

struct SshKeyFingerprints {
  std::string sha256;  ///< "SHA256:<base64 of the digest, no padding>", OpenSSH's default form
  std::string md5;     ///< "b3:1f:…": 16 lowercase hex pairs joined by ':' (without ssh-keygen's "MD5:")
  /// The type the blob names in its first SSH string ("ssh-ed25519"): a key line's first word must
  /// match it. Empty when the blob does not start with a whole SSH string.
  std::string blob_type;
};

/// The fingerprints of a key blob given as the base64 text of an OpenSSH public key line (its second
/// word). nullopt when the text is not strict, padded base64 (RFC 4648 §4, no whitespace) or is empty.
std::optional<SshKeyFingerprints> ssh_key_fingerprints(std::string_view blob_base64);

}  // namespace polycloud::http
