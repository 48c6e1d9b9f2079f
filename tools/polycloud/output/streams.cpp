#include "output/streams.hpp"

#include "commands/exit_code.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace polycloud::cli {

namespace {
constexpr std::size_t direct_write_bytes = 16u << 10;  ///< from this size stdio's buffer only adds a copy
int stdout_errno = 0;  // the CLI prints from its main thread only
bool stdout_reported = false;

bool fail_stdout(int error) noexcept {
  if (stdout_errno == 0) stdout_errno = error != 0 ? error : EIO;
  return false;
}
}  // namespace

void guard_standard_streams() noexcept {
  for (int fd : {0, 1, 2}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() returns the lowest free descriptor: this one.
    int const opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (opened != fd && opened >= 0) ::close(opened);
    if (fd == 1) fail_stdout(EBADF);
  }
}

void write_err(std::string_view text) noexcept {
  // Flushed at once (stderr is unbuffered unless reopened, and a second signal ends the process with
  // _Exit, which flushes nothing). Its error flag is cleared so one failed line cannot make a later,
  // writable moment look failed to anything that checks it.
  (void)std::fwrite(text.data(), 1, text.size(), stderr);
  (void)std::fflush(stderr);
  std::clearerr(stderr);
}

/// All of `text` to `fd` (write(2) may take part of it); false with errno set when it fails.
bool write_all(int fd, std::string_view text) noexcept {
  while (!text.empty()) {
    auto const written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

bool write_out(std::string_view text) noexcept {
  if (stdout_errno != 0) return false;
  errno = 0;
  // A listing's page (~44 KB of JSON for 100 ByCloud VMs) goes out in one write(2). Through stdio it
  // took three: the 4 KiB buffer filled and flushed, the whole blocks, the tail kept for the next page.
  // What stdio holds is flushed first, so the order stays as written.
  if (text.size() >= direct_write_bytes) {
    if (std::fflush(stdout) != 0 || !write_all(STDOUT_FILENO, text)) return fail_stdout(errno);
    return true;
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return fail_stdout(errno);
  return true;
}

bool flush_out() noexcept {
  if (stdout_errno != 0) return false;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) return fail_stdout(errno);
  return true;
}

int stdout_error() noexcept { return stdout_errno; }

bool report_stdout_failure(std::string_view what) noexcept {
  if (stdout_errno == 0) return false;
  if (stdout_reported) return true;
  stdout_reported = true;
  if (what.empty())
    print_err("polycloud: cannot write the output to stdout: {}\n", std::strerror(stdout_errno));
  else
    print_err("polycloud: cannot write the output to stdout: {}; it held {}\n", std::strerror(stdout_errno), what);
  return true;
}

int finish_output(int exit_code) noexcept {
  if (flush_out()) {
    errno = 0;
    // Text written through std::cout (CLI11's help) shares stdio's stdout, so it is covered too.
    if (std::fclose(stdout) != 0) fail_stdout(errno);
  }
  if (!report_stdout_failure()) return exit_code;
  return exit_code == 0 ? static_cast<int>(ExitCode::output) : exit_code;
}

}  // namespace polycloud::cli
