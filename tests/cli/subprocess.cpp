#include "subprocess.hpp"

#include "core/trace_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace {
/// The CLI's subcommand in `argv`: its first argument that is neither an option nor --config's value.
std::string subcommand_of(std::vector<std::string> const& argv) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--config") {
      ++i;
    } else if (argv[i].rfind("-", 0) != 0) {
      return argv[i];
    }
  }
  return {};
}
}  // namespace

void record_output(std::vector<std::string> const& argv, ProcessResult const& result) {
  auto const* file = polycloud::detail::process_trace_file();
  if (file == nullptr) return;
  bool const sandbox = subcommand_of(argv) == "sandbox";
  if (!result.out.empty()) file->append(sandbox ? "sandbox-config" : "cli-stdout", result.out);
  if (!result.err.empty()) file->append("cli-stderr", result.err);
}

/// The parent's environment with `overrides` replacing or adding entries.
std::vector<std::string> environment_with(std::map<std::string, std::string> const& overrides) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry; ++entry) {
    std::string text(*entry);
    if (!overrides.count(text.substr(0, text.find('=')))) entries.push_back(text);
  }
  for (auto const& [key, value] : overrides) entries.push_back(key + "=" + value);
  return entries;
}

namespace {
std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int spawn(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
          posix_spawn_file_actions_t const* actions, pid_t& pid) {
  auto args = argv;
  auto envs = environment_with(env);
  auto arg_ptrs = pointers(args);
  auto env_ptrs = pointers(envs);
  return ::posix_spawn(&pid, arg_ptrs[0], actions, nullptr, arg_ptrs.data(), env_ptrs.data());
}

std::string read_file(std::string const& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

namespace {
/// The parent's ends of the pipes run_process made; -1 where none.
struct Pipes {
  int out = -1, err = -1;
  int lifeline = -1;  ///< read end of a pipe only the child holds open: its EOF is the child's exit
};

/// Sets `fd` of the child to `sink`; a captured stream's read end goes to `read_end`.
bool direct(posix_spawn_file_actions_t& actions, int fd, Sink sink, int& read_end, std::vector<int>& child_ends) {
  if (sink == Sink::full) return posix_spawn_file_actions_addopen(&actions, fd, "/dev/full", O_WRONLY, 0) == 0;
  if (sink == Sink::closed) return posix_spawn_file_actions_addclose(&actions, fd) == 0;
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return false;
  posix_spawn_file_actions_adddup2(&actions, ends[1], fd);  // dup2 clears O_CLOEXEC on the copy
  child_ends.push_back(ends[1]);
  if (sink == Sink::broken_pipe) {
    ::close(ends[0]);  // no reader from the start
  } else {
    read_end = ends[0];
  }
  return true;
}
}  // namespace

ProcessResult run_process(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                          std::chrono::milliseconds deadline, ProcessStreams const& streams) {
  ProcessResult result;
  Pipes pipes;
  std::vector<int> child_ends;  // closed in the parent once the child has them
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  bool ready = true;
  if (streams.in) {
    // Written before the spawn, so the child reads it at its own pace: it fits in the pipe's buffer.
    int ends[2];
    ready = streams.in->size() <= 64 * 1024 && ::pipe2(ends, O_CLOEXEC) == 0;
    if (ready) {
      ready = ::write(ends[1], streams.in->data(), streams.in->size()) == static_cast<ssize_t>(streams.in->size());
      ::close(ends[1]);
      posix_spawn_file_actions_adddup2(&actions, ends[0], 0);
      child_ends.push_back(ends[0]);
    }
  } else {
    // stdin is never the developer's terminal: commands that ask for confirmation there behave as in CI.
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  ready = ready && direct(actions, 1, streams.out, pipes.out, child_ends) &&
          direct(actions, 2, streams.err, pipes.err, child_ends);
  int lifeline[2] = {-1, -1};
  if (ready && ::pipe2(lifeline, O_CLOEXEC) == 0) {
    // Kept on a descriptor above 2 in the child: it stays open until the child (and whatever it left
    // running) is gone, even when none of its standard streams is a pipe to watch.
    posix_spawn_file_actions_adddup2(&actions, lifeline[1], 100);
    child_ends.push_back(lifeline[1]);
    pipes.lifeline = lifeline[0];
  } else {
    ready = false;
  }

  pid_t pid = 0;
  int const spawned = ready ? spawn(argv, env, &actions, pid) : EINVAL;
  posix_spawn_file_actions_destroy(&actions);
  for (int fd : child_ends) ::close(fd);
  if (spawned != 0) {
    for (int fd : {pipes.out, pipes.err, pipes.lifeline})
      if (fd >= 0) ::close(fd);
    result.err = std::string("spawn failed: ") + std::strerror(spawned);
    return result;
  }

  auto const until = std::chrono::steady_clock::now() + deadline;
  std::array<pollfd, 3> fds{{{pipes.out, POLLIN, 0}, {pipes.err, POLLIN, 0}, {pipes.lifeline, POLLIN, 0}}};
  std::array<std::string*, 3> sinks{&result.out, &result.err, nullptr};
  auto open_count = std::count_if(fds.begin(), fds.end(), [](pollfd const& p) { return p.fd >= 0; });
  while (open_count > 0) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[4096];
      auto const n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0 && sinks[i] != nullptr) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds)
    if (fd.fd >= 0) ::close(fd.fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  record_output(argv, result);
  return result;
}

BackgroundProcess::BackgroundProcess(std::vector<std::string> const& argv, std::string const& output_prefix,
                                     std::map<std::string, std::string> env)
    : argv_(argv), out_path_(output_prefix + ".out"), err_path_(output_prefix + ".err") {
  env.emplace("NO_COLOR", "1");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  if (spawn(argv, env, &actions, pid) == 0) pid_ = pid;
  posix_spawn_file_actions_destroy(&actions);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) (void)stop(SIGKILL);
}

std::string BackgroundProcess::err_so_far() const { return read_file(err_path_); }

bool wait_until(std::function<bool()> const& seen, std::chrono::seconds bound) {
  auto const until = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < until) {
    if (seen()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a condition, not timing a result
  }
  return false;
}

void BackgroundProcess::signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

ProcessResult BackgroundProcess::stop(int signal, std::chrono::milliseconds deadline) {
  ProcessResult result;
  if (pid_ <= 0) return result;
  if (signal != 0) ::kill(pid_, signal);
  auto const until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= until) {
      result.timed_out = true;
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling an exit; no event to wait on
  }
  pid_ = -1;
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = read_file(out_path_);
  result.err = read_file(err_path_);
  record_output(argv_, result);
  return result;
}
