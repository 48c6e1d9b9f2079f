#pragma once
// Two public keys made for the tests by `ssh-keygen -t ed25519 -C ops@polycloud` and `ssh-keygen -t rsa
// -b 2048 -C rsa-fixture` (the private halves were thrown away), with the fingerprints `ssh-keygen -lf`
// and `ssh-keygen -E md5 -lf` printed for them: the reference the library's own fingerprints must meet.

#include <string>

namespace polycloud::test {

struct FixtureKey {
  char const* line;
  char const* sha256;  ///< `ssh-keygen -lf`, the fingerprint word
  char const* md5;     ///< `ssh-keygen -E md5 -lf`, the fingerprint word without "MD5:"
};

inline constexpr FixtureKey ed25519_key{
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZ8tlAqybv9p5brzVjLsx/s+2CLNfWpu0819Ukgumbz ops@polycloud",
    "SHA256:wZ+axeVItlNWNxgVAkYQsAzLT3iIzLJQFHTfMWDcS1o", "b3:1f:79:59:f6:ac:8c:56:d9:b2:a8:36:9c:ab:cd:b0"};

inline constexpr FixtureKey rsa_key{
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDTfXCj9ZmXLq35m+dIHGWHEotA/YrDnq9sGuc4Ij5KthgtvyQOK5nQDGrJBsUGU9gFGtewsiXZPCIs"
    "LlwRkv4fw6YJn4RMVMqrl/aL1QPMHttx5mRvhN8pGpMov/tTki1UmkH1MwJQQ1GytUxNp/2FOAUWaf/hrYAvFpuZ26aGQQx8UfU/onw90QzyahwLdukR"
    "bETO88VmRBRQaeuUdn+YIhZvrmuAZ9TLyqhWYYA8lF9f28z9rq+ky8dlmn/0jgdiPkJyOUHVF9pBL5lbGjys6gdjamSUojCuODnnzM1Atie0UIUwlhpz"
    "glbEKRU8Lxe73j/7Q4tb2gG2tl0CXNfn rsa-fixture",
    "SHA256:Ec7ehj40HWv755b4Bax694eIhTbdkkteMz3WYTOCreY", "80:3d:e8:24:e9:e3:b4:e3:0d:0b:3b:89:ab:fb:ec:45"};

/// The base64 word of a key line.
inline std::string blob_of(char const* line) {
  std::string const text = line;
  auto const start = text.find(' ') + 1;
  return text.substr(start, text.find(' ', start) - start);
}

}  // namespace polycloud::test
