#pragma once
// Runs a program on a pseudo-terminal of a given width, as a person at a terminal would: stdin,
// stdout and stderr are all the terminal, so the output is one stream (stdout and stderr interleaved).
// Output post-processing is off, so "\n" arrives as written (no "\r\n").
#include "subprocess.hpp"

/// `typed`: text typed at the terminal once the program has started (a person answering a prompt).
ProcessResult run_in_terminal(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                              int columns, std::chrono::milliseconds deadline = std::chrono::seconds(60),
                              std::string const& typed = {});

/// One turn of a conversation with a program on the terminal: once `prompt` has appeared in the output
/// (after the previous turn's prompt), `answer` is typed, as a person reads a question and then answers.
struct TerminalTurn {
  std::string prompt;
  std::string answer;
};

/// run_in_terminal, typing each turn's answer only once its prompt was shown (a program that flushes
/// typed-ahead input, or asks for a secret with echo off, sees only what was typed after the prompt).
/// A prompt that never comes leaves its answer and the later ones untyped; the deadline still applies.
ProcessResult converse_in_terminal(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                                   int columns, std::vector<TerminalTurn> const& turns,
                                   std::chrono::milliseconds deadline = std::chrono::seconds(60));
