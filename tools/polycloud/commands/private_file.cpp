#include "commands/private_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace polycloud::cli {

Result<void> write_private_file(std::string const& path, std::string const& text, std::string const& operation) {
  std::string const temporary = path + ".tmp-" + std::to_string(::getpid());
  auto const failed = [&](std::string const& what) {
    auto error = make_error(ErrorKind::config, "cannot write " + what + ": " + std::strerror(errno), {}, operation);
    ::unlink(temporary.c_str());
    return error;
  };
  // O_EXCL: a file (or symlink) already at the temporary name is never written through.
  int const fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(ErrorKind::config, "cannot write " + temporary + ": " + std::strerror(errno), {}, operation);
  for (std::size_t written = 0; written < text.size();) {
    auto const n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return failed(temporary);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return failed(temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0) return failed(path);
  return {};
}

}  // namespace polycloud::cli
