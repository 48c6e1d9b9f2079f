#include "core/bounded_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace polycloud {

namespace {
/// Closes the descriptor on every return path.
struct Descriptor {
  int fd;
  explicit Descriptor(int opened) : fd(opened) {}
  Descriptor(Descriptor&& other) noexcept : fd(other.fd) { other.fd = -1; }
  Descriptor& operator=(Descriptor&&) = delete;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::optional<mode_t> mode_of(std::filesystem::path const& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return info.st_mode;
}
}  // namespace

std::string kind_text(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a file";
}

std::string mode_text(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777u);
  return text;
}

namespace {
/// Opens `path` for reading without ever blocking; with FileKinds::regular_only, refuses anything but a
/// regular file. On failure the descriptor is -1 and `failure` says why.
Descriptor open_for_reading(std::filesystem::path const& path, FileKinds accept, std::string& failure) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. The kind is checked on
  // the open descriptor (fstat), so the path cannot be swapped between the check and the read.
  int const flags = O_RDONLY | O_CLOEXEC | (accept == FileKinds::regular_only ? O_NONBLOCK : 0);
  Descriptor file{::open(path.c_str(), flags)};
  if (file.fd < 0) {
    failure = std::strerror(errno);
    return file;
  }
  if (accept == FileKinds::regular_only) {
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) {
      failure = std::strerror(errno);
    } else if (!S_ISREG(info.st_mode)) {
      failure = "not a regular file (" + kind_text(info.st_mode) + ")";
    }
    if (!failure.empty()) {
      ::close(file.fd);
      file.fd = -1;
    }
  }
  return file;
}
}  // namespace

std::string regular_file_problem(std::filesystem::path const& path) {
  std::string failure;
  open_for_reading(path, FileKinds::regular_only, failure);
  return failure;
}

BoundedRead read_bounded_file(std::filesystem::path const& path, std::size_t max_bytes, FileKinds accept) {
  BoundedRead result;
  Descriptor file = open_for_reading(path, accept, result.failure);
  if (file.fd < 0) return result;
  char buffer[16384];
  for (;;) {
    auto const n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result.failure = std::strerror(errno);
      result.text.clear();
      return result;
    }
    if (n == 0) return result;
    if (result.text.size() + static_cast<std::size_t>(n) > max_bytes) {
      result.failure = "larger than the " + describe_size(max_bytes) + " limit";
      result.text.clear();
      return result;
    }
    result.text.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string describe_size(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::optional<std::string> exposure_warning(std::filesystem::path const& path, std::string const& what) {
  auto const mode = mode_of(path);
  if (!mode || (*mode & 077) == 0) return std::nullopt;
  return what + " " + path.string() + " is accessible by group or others (mode " + mode_text(*mode) +
         "); run chmod 600 " + path.string();
}

std::optional<std::string> writable_by_others_warning(std::filesystem::path const& path, std::string const& what) {
  auto const mode = mode_of(path);
  if (!mode || (*mode & 022) == 0) return std::nullopt;
  return what + " " + path.string() + " is writable by group or others (mode " + mode_text(*mode) +
         "); run chmod go-w " + path.string();
}

}  // namespace polycloud
