#include "terminal_process.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace {
/// Writes all of `text` to the terminal (what the program will read as typed).
void type_into(int terminal, std::string const& text) {
  for (std::size_t written = 0; written < text.size();) {
    auto const n = ::write(terminal, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
}

/// Runs argv on a pty; `turns` with an empty prompt are typed at once.
ProcessResult run_on_pty(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                         int columns, std::chrono::milliseconds deadline, std::vector<TerminalTurn> const& turns) {
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  auto entries = environment_with(env);
  auto args = argv;
  std::vector<char*> arg_ptrs, env_ptrs;
  for (auto& a : args) arg_ptrs.push_back(a.data());
  arg_ptrs.push_back(nullptr);
  for (auto& e : entries) env_ptrs.push_back(e.data());
  env_ptrs.push_back(nullptr);

  ProcessResult result;
  winsize size{};
  size.ws_row = 24;
  size.ws_col = static_cast<unsigned short>(columns);
  int terminal = -1;
  pid_t const pid = ::forkpty(&terminal, nullptr, nullptr, &size);
  if (pid < 0) return result;
  if (pid == 0) {
    termios mode{};
    if (::tcgetattr(0, &mode) == 0) {
      mode.c_oflag &= ~static_cast<tcflag_t>(OPOST);
      ::tcsetattr(0, TCSANOW, &mode);
    }
    ::execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    ::_exit(127);
  }

  // The terminal's line discipline holds typed text until the program reads it: an answer needs no wait
  // for its prompt unless the program discards what was typed ahead.
  std::size_t turn = 0, searched_from = 0;
  auto const answer_shown_prompts = [&] {
    while (turn < turns.size()) {
      auto const& prompt = turns[turn].prompt;
      auto const found = prompt.empty() ? searched_from : result.out.find(prompt, searched_from);
      if (found == std::string::npos) return;
      searched_from = found + prompt.size();
      type_into(terminal, turns[turn++].answer);
    }
  };
  answer_shown_prompts();
  auto const until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fd{terminal, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    char buffer[4096];
    auto const n = ::read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO once the child closed its side
    result.out.append(buffer, static_cast<std::size_t>(n));
    answer_shown_prompts();
  }
  ::close(terminal);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  record_output(argv, result);
  return result;
}
}  // namespace

ProcessResult run_in_terminal(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                              int columns, std::chrono::milliseconds deadline, std::string const& typed) {
  return run_on_pty(argv, env, columns, deadline, {TerminalTurn{{}, typed}});
}

ProcessResult converse_in_terminal(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                                   int columns, std::vector<TerminalTurn> const& turns,
                                   std::chrono::milliseconds deadline) {
  return run_on_pty(argv, env, columns, deadline, turns);
}
