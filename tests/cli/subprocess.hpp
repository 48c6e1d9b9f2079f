#pragma once
// Runs a program with captured stdout/stderr and a hard deadline (the child is killed past it), so a
// hanging CLI fails its test instead of hanging the suite.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed or not started
  int signal = 0;      ///< the signal that ended the process (SIGABRT for an abort), 0 if it exited
  std::string out;
  std::string err;
  bool timed_out = false;
};

/// Under the credential scan (POLYCLOUD_TRACE_FILE set: scripts/credential-scan), appends what the
/// program `argv` printed to the trace file, which the scan searches for test tokens; otherwise does
/// nothing. Every runner here calls it, so every CLI output of the suite is scanned. One exception:
/// `polycloud sandbox` prints a config holding its own simulators' credentials, which is what it is for
/// (docs/sandbox.md), so its stdout is recorded as "sandbox-config", a kind the scan counts but does
/// not search; its stderr is searched like any other.
void record_output(std::vector<std::string> const& argv, ProcessResult const& result);

/// The parent's environment with `overrides` replacing or adding entries ("KEY=VALUE" each).
std::vector<std::string> environment_with(std::map<std::string, std::string> const& overrides);

/// Where the program's stdout or stderr goes.
enum class Sink {
  capture,      ///< a pipe read into ProcessResult::out / err
  full,         ///< /dev/full: every write fails with ENOSPC
  closed,       ///< no descriptor at all (`>&-`)
  broken_pipe,  ///< a pipe whose reader has gone: EPIPE (and SIGPIPE, unless the program ignores it)
};

struct ProcessStreams {
  Sink out = Sink::capture;
  Sink err = Sink::capture;
  std::optional<std::string> in;  ///< stdin's whole content (at most 64 KiB); /dev/null when absent
};

ProcessResult run_process(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env = {},
                          std::chrono::milliseconds deadline = std::chrono::seconds(60),
                          ProcessStreams const& streams = {});

/// Waits (bounded: false at the bound) until `seen()`, checking it every 10 ms: for the moment a
/// child process reaches a point, which it has no other way to signal.
bool wait_until(std::function<bool()> const& seen, std::chrono::seconds bound = std::chrono::seconds(30));

/// A process left running (a server such as `polycloud sandbox`); stdout and stderr go to files.
class BackgroundProcess {
 public:
  /// `env`: overrides as run_process takes them (NO_COLOR=1 is always set).
  BackgroundProcess(std::vector<std::string> const& argv, std::string const& output_prefix,
                    std::map<std::string, std::string> env = {});
  ~BackgroundProcess();  ///< kills the process if still running
  BackgroundProcess(BackgroundProcess const&) = delete;
  BackgroundProcess& operator=(BackgroundProcess const&) = delete;

  bool started() const noexcept { return pid_ > 0; }
  /// What the process has written to stderr so far (it keeps running).
  std::string err_so_far() const;
  /// Sends `signal` and returns at once (the process may handle it and go on).
  void signal(int signal) const;
  /// Sends `signal` and waits (bounded) for the exit; the result holds what the process printed.
  /// Signal 0 sends nothing: it waits for the process to end by itself (killed at the deadline).
  ProcessResult stop(int signal, std::chrono::milliseconds deadline = std::chrono::seconds(20));

 private:
  std::vector<std::string> argv_;
  int pid_ = -1;
  std::string out_path_, err_path_;
};
