#include "core/trace_file.hpp"

#include <cstdlib>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace polycloud::detail {

TraceFile::TraceFile(std::string const& path)
    : fd_(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) {}

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
    if (!opened->is_open()) return nullptr;
    return opened.release();
  }();
  return file;
}

}  // namespace polycloud::detail
