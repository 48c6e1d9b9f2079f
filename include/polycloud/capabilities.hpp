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

  bool supports(Operation op) const noexcept;
  /// "list,get,create,…" for display.
  std::string to_string() const;
};

}  // namespace polycloud
