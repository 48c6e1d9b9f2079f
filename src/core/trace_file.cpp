#include "core/trace_file.hpp"

#include "core/bounded_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace polycloud::detail {

namespace {
/// Why an open of the trace file failed, in the words read_bounded_file uses for other files.
std::string open_failure(std::string const& path, int error) {
  if (error == ELOOP) return "a symbolic link (not followed)";
  struct stat info {};
  // ENXIO: a FIFO without a reader, or a socket; O_NONBLOCK made the open fail instead of waiting.
  if (error == ENXIO && ::lstat(path.c_str(), &info) == 0) return "not a regular file (" + kind_text(info.st_mode) + ")";
  return std::strerror(error);
}
}  // namespace

TraceFile::TraceFile(std::string const& path) {
  // O_NOFOLLOW: a symlink planted at the path would redirect the appends to any file we may write.
  // O_NONBLOCK: opening a FIFO would wait for a reader, hanging the process before its work starts.
  int const fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (fd < 0) {
    problem_ = open_failure(path, errno);
    return;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    problem_ = std::strerror(errno);
  } else if (!S_ISREG(info.st_mode)) {
    problem_ = "not a regular file (" + kind_text(info.st_mode) + ")";
  } else if ((info.st_mode & 077) != 0) {
    problem_ = "accessible by group or others (mode " + mode_text(info.st_mode) + "); run chmod 600 " + path +
               " or remove it";
  }
  if (!problem_.empty()) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

TraceFile::~TraceFile() {
  if (fd_ >= 0) ::close(fd_);
}

void TraceFile::append(std::string_view kind, std::string_view text) const {
  if (fd_ < 0) return;
  std::string record = std::to_string(::getpid());
  record.append(" ").append(kind).append(": ");
  for (char const c : text) {
    if (c == '\n') {
      record.append("\\n");
    } else {
      record.push_back(c);
    }
  }
  record.push_back('\n');
  // One write: O_APPEND makes it land whole after whatever other threads or processes appended.
  // Tracing never fails an operation, so a failed write (a full disk) is not reported.
  [[maybe_unused]] auto const written = ::write(fd_, record.data(), record.size());
}

TraceFile const* process_trace_file() {
  // Opened once, on first use (a function-local static: thread-safe start-up), and never destroyed: a
  // thread still running during static destruction (the idle reaper, a resolver) may yet append.
  static TraceFile const* const file = []() -> TraceFile const* {
    char const* path = std::getenv("POLYCLOUD_TRACE_FILE");
    if (path == nullptr || *path == '\0') return nullptr;
    auto opened = std::make_unique<TraceFile>(path);
    if (!opened->is_open()) {
      // Once per process (this initialiser runs once). A failed write to stderr changes nothing.
      std::string const line =
          "polycloud: warning: POLYCLOUD_TRACE_FILE " + std::string(path) + " is not used: " + opened->problem() + "\n";
      [[maybe_unused]] auto const written = ::write(STDERR_FILENO, line.data(), line.size());
      return nullptr;
    }
    return opened.release();
  }();
  return file;
}

}  // namespace polycloud::detail
