#pragma once

#include <string>
#include <string_view>

namespace polycloud {

enum class Operation { list, get, create, remove, start, stop, reboot };

/// "list", "get", "create", "delete", "start", "stop", "reboot".
std::string_view to_string(Operation op) noexcept;

/// Which operations a provider supports. A call to an unsupported one fails with
/// ErrorKind::not_supported before any request is sent.
struct Capabilities {
  bool list = true;
  bool get = true;
  bool create = true;
  bool remove = true;
  bool start = true;
  bool stop = true;
  bool reboot = true;
  bool create_progress = false;     ///< create reports progress percentages
  bool server_side_name_filter = false;
  bool server_side_state_filter = false;
  bool server_side_tag_filter = false;

  /// Catalog parts the provider can list (Provider::sizes/images/regions); a part it cannot list
  /// fails with ErrorKind::not_supported before any request is sent.
  bool catalog_sizes = false;
  bool catalog_images = false;
  bool catalog_regions = false;
  /// Create features: a CreateSpec using one the provider lacks is refused before sending
  /// (Katapult has no cloud-init, so no user data).
  bool create_ssh_keys = false;
  bool create_user_data = false;
  bool create_tags = false;
  bool create_extra_disks = false;

  bool supports(Operation op) const noexcept;
  /// "list,get,create,…" for display.
  std::string to_string() const;
};

}  // namespace polycloud
