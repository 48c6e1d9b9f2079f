#include "subprocess.hpp"

#include "core/trace_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

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

ProcessResult run_process(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                          std::chrono::milliseconds deadline) {
  ProcessResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // stdin is never the developer's terminal: commands that ask for confirmation there behave as in CI.
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) posix_spawn_file_actions_addclose(&actions, fd);

  pid_t pid = 0;
  int const spawned = spawn(argv, env, &actions, pid);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = std::string("spawn failed: ") + std::strerror(spawned);
    return result;
  }

  auto const until = std::chrono::steady_clock::now() + deadline;
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_count = 2;
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
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
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
  record_output(argv, result);
  return result;
}

BackgroundProcess::BackgroundProcess(std::vector<std::string> const& argv, std::string const& output_prefix)
    : argv_(argv), out_path_(output_prefix + ".out"), err_path_(output_prefix + ".err") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  if (spawn(argv, {{"NO_COLOR", "1"}}, &actions, pid) == 0) pid_ = pid;
  posix_spawn_file_actions_destroy(&actions);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) (void)stop(SIGKILL);
}

ProcessResult BackgroundProcess::stop(int signal, std::chrono::milliseconds deadline) {
  ProcessResult result;
  if (pid_ <= 0) return result;
  ::kill(pid_, signal);
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
