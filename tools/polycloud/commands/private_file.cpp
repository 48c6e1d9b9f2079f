#include "commands/private_file.hpp"

#include "core/private_file.hpp"

namespace polycloud::cli {

Result<void> write_private_file(std::string const& path, std::string const& text, std::string const& operation) {
  if (auto failure = write_private_file_atomically(path, text); !failure.empty())
    return make_error(ErrorKind::config, failure, {}, operation);
  return {};
}

}  // namespace polycloud::cli
