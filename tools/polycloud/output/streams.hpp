#pragma once
// Every byte the CLI prints goes through here (docs/cli.md "Output write failures"):
// - stderr carries diagnostics (errors, warnings, progress, --verbose). Writing one can fail (stderr
//   closed, /dev/full, a full log disk); that failure is dropped: it never throws, never ends the work
//   and never changes the exit code, since the work it describes happened all the same.
// - stdout carries the result. A failed write, flush or close is remembered; the command then exits
//   ExitCode::output with a line on stderr (when stderr can take it), so `create -o json > out.json` on a
//   full disk cannot lose the id silently.
#include <fmt/core.h>

#include <string>
#include <string_view>
#include <utility>

namespace polycloud::cli {

/// Before anything else opens a file: a standard descriptor the parent closed (`2>&-`) is taken by
/// /dev/null, so no later file or socket gets fd 1 or 2 and receives output meant for the terminal. A
/// closed stdout still counts as unwritable (EBADF) at the first write.
void guard_standard_streams() noexcept;

/// Writes a diagnostic to stderr; any failure is ignored.
void write_err(std::string_view text) noexcept;

template <class... Args>
void print_err(fmt::format_string<Args...> format, Args&&... args) noexcept {
  try {
    write_err(fmt::format(format, std::forward<Args>(args)...));
  } catch (...) {  // only bad_alloc: a diagnostic is never worth ending the work for
  }
}

/// Writes to stdout (buffered); false once stdout has failed (this write or an earlier one).
bool write_out(std::string_view text) noexcept;

template <class... Args>
bool print_out(fmt::format_string<Args...> format, Args&&... args) {
  return write_out(fmt::format(format, std::forward<Args>(args)...));
}

/// Hands stdout's buffer to the OS; false once stdout has failed.
bool flush_out() noexcept;

/// The errno of stdout's first failure; 0 while every write succeeded.
int stdout_error() noexcept;

/// When stdout failed: one line on stderr saying what was lost (`what`, e.g. "the created VM alg/1042"),
/// printed once per process. Returns whether stdout failed.
bool report_stdout_failure(std::string_view what = {}) noexcept;

/// The last step of main: flushes and closes stdout (a close can be the first to see an error, e.g. on
/// NFS), reports a failure not yet reported, and turns a success into ExitCode::output. A command that
/// already failed keeps its own code: its error line is the one to act on.
int finish_output(int exit_code) noexcept;

}  // namespace polycloud::cli
