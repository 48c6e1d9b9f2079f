#pragma once
// The process-wide trace file (POLYCLOUD_TRACE_FILE=path): when set, the library appends to it, besides
// any configured TraceSink, every redacted trace line, every error that leaves a provider or the config
// loader, and every progress message. It exists for the credential scan (scripts/credential-scan),
// which runs the whole test suite with it set and then searches it for the test tokens; a user may set
// it to see what the library did without wiring a TraceSink.
//
// Each record is one line, "<pid> <kind>: <text>", written with one write(2) on an O_APPEND descriptor:
// records of concurrent threads and of parallel test processes never interleave within a line, so a
// token can never be split across two records and slip past the scan. Newlines inside the text are
// written as "\n".
//
// The path is opened with O_NOFOLLOW and O_NONBLOCK and must be a regular file private to its owner
// (created 0600; an existing one that group or others can read or write is refused, as ssh refuses a
// private key others can read: the file gathers request lines, errors and dry-run bodies). So a
// symlink planted at the path is not followed, a FIFO there cannot hang the process, and nothing is
// appended to a file others can read. An unusable path is reported once on stderr; the work goes on.

#include <polycloud/error.hpp>

#include <string>
#include <string_view>

namespace polycloud::detail {

class TraceFile {
 public:
  /// Opens (creates, mode 0600) `path` for appending; a file that cannot be opened or is refused (see
  /// above) records nothing, and problem() says why.
  explicit TraceFile(std::string const& path);
  ~TraceFile();
  TraceFile(TraceFile const&) = delete;
  TraceFile& operator=(TraceFile const&) = delete;

  bool is_open() const noexcept { return fd_ >= 0; }
  /// Why the file is not open ("a symbolic link (not followed)", "not a regular file (a FIFO)", …).
  std::string const& problem() const noexcept { return problem_; }
  /// Appends "<pid> <kind>: <text>\n". Safe from any thread.
  void append(std::string_view kind, std::string_view text) const;
  /// Appends an error as the user would see it (Error::to_string: message, code and request id).
  void append_error(Error const& error) const { append("error", error.to_string()); }

 private:
  int fd_ = -1;
  std::string problem_;
};

/// The process's trace file, opened once on first use from POLYCLOUD_TRACE_FILE; null when unset, empty
/// or not usable (then one "polycloud: warning: …" line says why on stderr, written once per process and
/// never failing anything: stderr may be closed).
TraceFile const* process_trace_file();

}  // namespace polycloud::detail
