#pragma once
// Writing a file that may hold credentials: created 0600 next to its target, then renamed over it, so
// a reader (a harness polling for a sandbox config, another polycloud) sees the old file or the new
// one, never half of one, and nobody else can read it at any moment.
#include <polycloud/error.hpp>

#include <string>

namespace polycloud::cli {

/// Errors are ErrorKind::config naming the path and the OS reason, attributed to `operation`.
Result<void> write_private_file(std::string const& path, std::string const& text, std::string const& operation);

}  // namespace polycloud::cli
