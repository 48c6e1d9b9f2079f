#pragma once
// Writing a file that may hold credentials, as a config error: the library's atomic private write
// (core/private_file.hpp: 0600 temporary, fsync, rename), so a reader sees the old file or the new one.
#include <polycloud/error.hpp>

#include <string>

namespace polycloud::cli {

/// Errors are ErrorKind::config naming the path and the OS reason, attributed to `operation`.
Result<void> write_private_file(std::string const& path, std::string const& text, std::string const& operation);

}  // namespace polycloud::cli
