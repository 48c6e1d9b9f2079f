#include "core/journal_files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace polycloud::detail {

namespace {

Error failure(std::string const& what, std::filesystem::path const& path, int error_number) {
  return make_error(ErrorKind::config, "journal of creates in flight: cannot " + what + " " + path.string() + ": " +
                                           std::strerror(error_number));
}

/// Closes a descriptor on every path out of a function.
struct Descriptor {
  int fd = -1;
  explicit Descriptor(int opened) : fd(opened) {}
  Descriptor(Descriptor const&) = delete;
  Descriptor& operator=(Descriptor const&) = delete;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  /// Closes now, reporting the error a deferred write may only show here.
  int close() {
    int const result = ::close(fd);
    fd = -1;
    return result;
  }
};

bool write_all(int fd, std::string const& text) {
  for (std::size_t written = 0; written < text.size();) {
    auto const n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

Result<void> sync_directory(std::filesystem::path const& directory) {
  Descriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0 || ::fsync(dir.fd) != 0) return failure("flush the directory", directory, errno);
  return {};
}

}  // namespace

Result<void> private_directory(std::filesystem::path const& directory) {
  std::error_code ec;
  if (std::filesystem::is_directory(directory, ec)) return {};
  if (directory.has_parent_path()) {
    std::filesystem::create_directories(directory.parent_path(), ec);
    if (ec) return failure("create the directory", directory.parent_path(), ec.value());
  }
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) return failure("create the directory", directory, errno);
  if (!std::filesystem::is_directory(directory, ec)) return failure("use the directory", directory, ENOTDIR);
  return {};
}

Result<FileLock> FileLock::exclusive(std::filesystem::path const& path) {
  int const fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return failure("open the lock file", path, errno);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int const reason = errno;
    ::close(fd);
    return failure("lock", path, reason);
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

bool is_file_at(int fd, std::filesystem::path const& path) noexcept {
  struct stat opened{}, named{};
  if (::fstat(fd, &opened) != 0 || ::lstat(path.c_str(), &named) != 0) return false;
  return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

LockAttempt try_lock_file_at(std::filesystem::path const& path, std::function<void()> const& opened) {
  // A lap is lost only to a holder that released (removed) the file between this open() and flock().
  constexpr int laps = 16;
  for (int lap = 0; lap < laps; ++lap) {
    int const fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return {-1, errno, "cannot open the lock file"};
    if (opened) opened();
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int const reason = errno;
      if (reason == EINTR) continue;
      ::close(fd);
      if (reason == EWOULDBLOCK) return {};
      return {-1, reason, "cannot lock"};
    }
    if (is_file_at(fd, path)) return {fd, 0, {}};
    ::close(fd);  // a removed file: no lock at all
  }
  return {};
}

Result<std::string> read_journal_text(std::filesystem::path const& file, std::size_t max_bytes) {
  Descriptor in(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (in.fd < 0) {
    if (errno == ENOENT) return std::string();
    return failure("read", file, errno);
  }
  struct stat status {};
  if (::fstat(in.fd, &status) != 0) return failure("read", file, errno);
  if (!S_ISREG(status.st_mode)) return failure("read", file, EINVAL);
  std::string text;
  char buffer[16384];
  for (;;) {
    auto const n = ::read(in.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failure("read", file, errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) return failure("read (larger than 16 MiB)", file, EFBIG);
  }
  return text;
}

Result<void> append_durably(std::filesystem::path const& file, std::string const& text) {
  bool const existed = ::access(file.c_str(), F_OK) == 0;
  Descriptor out(::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (out.fd < 0) return failure("write", file, errno);
  if (!write_all(out.fd, text) || ::fsync(out.fd) != 0 || out.close() != 0) return failure("write", file, errno);
  if (!existed) return sync_directory(file.parent_path());
  return {};
}

Result<void> replace_durably(std::filesystem::path const& file, std::string const& text) {
  auto const temporary = std::filesystem::path(file.string() + ".tmp-" + std::to_string(::getpid()));
  ::unlink(temporary.c_str());  // a leftover of a killed process that had this pid
  Descriptor out(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.fd < 0) return failure("write", temporary, errno);
  if (!write_all(out.fd, text) || ::fsync(out.fd) != 0 || out.close() != 0) {
    int const reason = errno;
    ::unlink(temporary.c_str());
    return failure("write", temporary, reason);
  }
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    int const reason = errno;
    ::unlink(temporary.c_str());
    return failure("replace", file, reason);
  }
  return sync_directory(file.parent_path());
}

}  // namespace polycloud::detail
