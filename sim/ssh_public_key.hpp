#pragma once
// What the simulators need of an OpenSSH public key line a client registers (Katapult's organization
// keys, ByCloud's keypairs): its parts, and the fingerprints `ssh-keygen -l` prints, so an answer can
// carry one. Written for the simulators from OpenSSH's formats, sharing nothing with the adapters.
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::sim {

struct SimPublicKey {
  std::string type;
  std::string blob;     ///< base64, as written
  std::string comment;
  std::string sha256;   ///< "SHA256:…", unpadded
  std::string md5;      ///< "aa:bb:…"
};

/// nullopt when `line` is not `TYPE BASE64 [COMMENT]` with a blob that decodes and names TYPE.
std::optional<SimPublicKey> parse_public_key(std::string_view line);

}  // namespace polycloud::sim
