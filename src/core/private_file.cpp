#include "core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace polycloud {

namespace {

std::string os_failure(std::string const& what, std::filesystem::path const& file) {
  return "cannot " + what + " " + file.string() + ": " + std::strerror(errno);
}

bool write_all(int fd, std::string_view text) {
  for (std::size_t written = 0; written < text.size();) {
    auto const n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

/// A name no other writer uses at the same time: two threads (or processes) replacing one file each
/// write their own temporary, and the last rename wins whole.
std::filesystem::path temporary_for(std::filesystem::path const& path) {
  static std::atomic<unsigned> counter{0};
  auto name = "." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter.fetch_add(1));
  return path.parent_path() / name;
}

}  // namespace

std::string write_private_file_atomically(std::filesystem::path const& path, std::string_view text,
                                          PrivateFileFaults const* faults) {
  auto const temporary = temporary_for(path);
  // O_EXCL: a file (or symlink) already at the temporary name is never written through.
  int const fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return os_failure("write", temporary);
  auto const failed = [&](std::string const& what, std::filesystem::path const& file) {
    auto failure = os_failure(what, file);
    ::unlink(temporary.c_str());
    return failure;
  };
  auto const half = faults && faults->mid_write ? text.size() / 2 : text.size();
  bool written = write_all(fd, text.substr(0, half));
  if (written && half < text.size()) {
    faults->mid_write();
    written = write_all(fd, text.substr(half));
  }
  if (!written) {
    auto failure = failed("write", temporary);
    ::close(fd);
    return failure;
  }
  if (::fsync(fd) != 0) {
    auto failure = failed("write", temporary);
    ::close(fd);
    return failure;
  }
  if (::close(fd) != 0) return failed("write", temporary);
  if (::rename(temporary.c_str(), path.c_str()) != 0) return failed("write", path);
  // The rename itself is durable only once the directory is: without this a power cut can lose it.
  auto const directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (int const dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);  // best effort: the file is complete either way
    ::close(dir);
  }
  return {};
}

std::string make_private_directories(std::filesystem::path const& directory) {
  std::filesystem::path partial;
  for (auto const& part : directory) {
    partial /= part;
    if (part.empty() || part == partial.root_path()) continue;
    if (::mkdir(partial.c_str(), 0700) == 0 || errno == EEXIST) continue;
    return os_failure("create", partial);
  }
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) return os_failure("use", directory);
  if (!S_ISDIR(info.st_mode)) return directory.string() + " is not a directory";
  return {};
}

}  // namespace polycloud
