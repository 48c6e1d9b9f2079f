#pragma once
// A portable request to build one VM. size/image/region are portable names that resolve
// through the provider's configured aliases, so one spec works on every provider.

#include <boost/json/object.hpp>

#include <cstddef>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

struct CreateSpec {
  /// Not an aggregate (see CallOptions in provider.hpp): g++ 12.2 miscompiles a braced aggregate temporary
  /// inside a co_await expression. Set the members by name.
  CreateSpec() {}

  std::string name;
  std::string size;    ///< portable name or provider identifier
  std::string image;   ///< portable name or provider identifier
  std::string region;  ///< empty: provider default
  std::string zone;
  std::vector<std::string> ssh_public_keys;  ///< key material, not paths
  std::string user_data;                     ///< cloud-init text, unencoded
  /// The user data holds credentials (a cloud-init with passwords or keys): it is then scrubbed like
  /// the token from this create's dry run, trace lines, verbose lines, progress and errors.
  bool user_data_is_secret = false;
  std::vector<int> extra_disks_gb;
  std::map<std::string, std::string> tags;
  std::string description;
  boost::json::object provider_options;  ///< passed to the adapter untouched (e.g. "password")
  /// Makes the create safe to repeat (issue 19): at most 64 characters of [A-Za-z0-9._-]. With it, the
  /// create first looks for a VM carrying the key and adopts it instead of building a second one; the
  /// adapter stores the key on the VM where it can find it again (docs/providers.md). Empty: none.
  std::string idempotency_key;
};

/// The longest CreateSpec::idempotency_key (a Katapult annotation value, a ByCloud tag and an OpenScaler
/// description marker all hold it with room to spare).
inline constexpr std::size_t max_idempotency_key_length = 64;

/// True when `key` is a usable idempotency key: 1 to 64 characters of [A-Za-z0-9._-]. Every adapter
/// refuses any other non-empty key with ErrorKind::invalid_argument before sending anything.
bool valid_idempotency_key(std::string_view key) noexcept;

/// The key `polycloud create --if-absent` uses: derived from the configured provider name and the VM
/// name only, so rerunning a create of the same name on the same provider finds the VM it made. Stable
/// across versions (docs/provisioning.md spells the rule out): "ia." + the name with every character
/// outside [A-Za-z0-9._-] replaced by '_', cut to 44 characters, + "." + 16 hex digits of the 64-bit
/// FNV-1a hash of provider, a NUL byte and name (the hash tells apart names the cut or the replacement
/// made equal).
std::string if_absent_idempotency_key(std::string_view provider, std::string_view name);

}  // namespace polycloud
