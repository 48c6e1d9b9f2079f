#pragma once
// Runs a program on a pseudo-terminal of a given width, as a person at a terminal would: stdin,
// stdout and stderr are all the terminal, so the output is one stream (stdout and stderr interleaved).
// Output post-processing is off, so "\n" arrives as written (no "\r\n").
#include "subprocess.hpp"

/// `typed`: text typed at the terminal once the program has started (a person answering a prompt).
ProcessResult run_in_terminal(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                              int columns, std::chrono::milliseconds deadline = std::chrono::seconds(60),
                              std::string const& typed = {});
