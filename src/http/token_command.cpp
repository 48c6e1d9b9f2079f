// token_command: a credential helper run as aws credential_process and kubectl exec plugins are —
// a program and its arguments (no shell), stdin from /dev/null, stderr passed through to the user (a
// helper may ask something there), stdout read as one JSON object of at most 64 KiB. Nothing it
// prints ever reaches a message: its stdout may hold the token even when it also holds garbage.
#include "http/credential_source.hpp"

#include "http/token_output.hpp"

#include <polycloud/deadline.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace polycloud::http {
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

/// A credential helper prints a token and perhaps an expiry: far less than this.
constexpr std::size_t max_output_bytes = 64u << 10;

/// The child until it is reaped: on every way out (an error, a timeout, the caller cancelling) its
/// whole process group is killed and the child waited for, so no helper outlives the call nor stays
/// a zombie. SIGKILL cannot be ignored, so the blocking waitpid returns promptly.
struct Child {
  pid_t pid = -1;
  ~Child() {
    if (pid <= 0) return;
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  void reaped() { pid = -1; }
};

/// posix_spawn file actions and attributes, released on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attributes{};
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(SpawnSetup const&) = delete;
  SpawnSetup& operator=(SpawnSetup const&) = delete;
};

class TokenCommandSource final : public CredentialSource {
 public:
  TokenCommandSource(std::string provider, TokenCommand command, WallClock now)
      : provider_(std::move(provider)), command_(std::move(command)), now_(std::move(now)) {
    if (!now_) now_ = [] { return std::chrono::system_clock::now(); };
  }

  asio::awaitable<Result<FetchedToken>> fetch(Clock::time_point deadline) override {
    auto const until = std::min(deadline, saturating_add(Clock::now(), command_.timeout));
    Child child;
    int read_end = -1;
    if (auto started = start(child, read_end); !started) co_return started.error();
    auto const executor = co_await asio::this_coro::executor;
    asio::posix::stream_descriptor pipe{executor, read_end};
    asio::steady_timer timer{executor, until};

    std::string output;
    std::array<char, 4096> buffer{};
    for (;;) {
      using namespace asio::experimental::awaitable_operators;
      auto read = co_await (pipe.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)) ||
                            timer.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (read.index() == 1) co_return timed_out();
      auto const [error, bytes] = std::get<0>(read);
      output.append(buffer.data(), bytes);
      if (output.size() > max_output_bytes) co_return failure("printed more than 64 KiB on stdout");
      if (error) break;  // end of output (or a read error: the exit status decides)
    }
    pipe.close();

    // The helper closed its stdout; its exit status is a moment away. Polled rather than waited for:
    // a blocking waitpid would hold the client's strand if the helper closed stdout and ran on.
    int status = 0;
    for (auto pause = 1ms;; pause = std::min(pause * 2, std::chrono::milliseconds{50})) {
      pid_t const done = ::waitpid(child.pid, &status, WNOHANG);
      if (done == child.pid) break;
      if (done < 0) co_return failure(std::string("could not be waited for: ") + std::strerror(errno));
      if (Clock::now() >= until) co_return timed_out();
      timer.expires_after(pause);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    child.reaped();
    if (WIFSIGNALED(status)) co_return failure("was killed by signal " + std::to_string(WTERMSIG(status)));
    if (WEXITSTATUS(status) != 0) co_return failure("exited with status " + std::to_string(WEXITSTATUS(status)));
    auto token = read_token_output(output, now_());
    if (!token) co_return failure("printed " + token.error().what + "; its output is not shown, as it may hold a credential");
    co_return std::move(*token);
  }

 private:
  /// Spawns the helper in a process group of its own (so a timeout kills what it started too), with
  /// stdout on a pipe, stdin on /dev/null and the default SIGPIPE and signal mask.
  Result<void> start(Child& child, int& read_end) const {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return failure(std::string("could not be started: ") + std::strerror(errno));
    SpawnSetup setup;
    posix_spawn_file_actions_adddup2(&setup.actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    sigset_t none, pipe_signal;
    sigemptyset(&none);
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    posix_spawnattr_setflags(&setup.attributes,
                             static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
    posix_spawnattr_setpgroup(&setup.attributes, 0);
    posix_spawnattr_setsigmask(&setup.attributes, &none);
    posix_spawnattr_setsigdefault(&setup.attributes, &pipe_signal);
    std::vector<char*> argv;
    for (auto const& arg : command_.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    int const spawned = ::posix_spawnp(&pid, argv[0], &setup.actions, &setup.attributes, argv.data(), environ);
    ::close(fds[1]);
    if (spawned != 0) {
      ::close(fds[0]);
      return failure(std::string("could not be started: ") + std::strerror(spawned));
    }
    child.pid = pid;
    read_end = fds[0];
    return {};
  }

  /// The program is named, never its arguments (a user may pass a secret there) nor its output.
  Error failure(std::string const& what) const {
    return make_error(ErrorKind::config, "token_command '" + command_.argv.front() + "' " + what, provider_, "credentials");
  }

  Error timed_out() const {
    return make_error(ErrorKind::timeout,
                      "token_command '" + command_.argv.front() + "' did not finish within its timeout_s (" +
                          std::to_string(command_.timeout.count()) + " s) or the call's deadline; it was stopped",
                      provider_, "credentials");
  }

  std::string provider_;
  TokenCommand command_;
  WallClock now_;
};

}  // namespace

std::shared_ptr<CredentialSource> token_command_source(std::string provider, TokenCommand command, WallClock now) {
  return std::make_shared<TokenCommandSource>(std::move(provider), std::move(command), std::move(now));
}

}  // namespace polycloud::http
