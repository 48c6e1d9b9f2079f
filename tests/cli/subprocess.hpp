#pragma once
// Runs a program with captured stdout/stderr and a hard deadline (the child is killed past it), so a
// hanging CLI fails its test instead of hanging the suite.
#include <chrono>
#include <map>
#include <string>
#include <vector>

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed or not started
  std::string out;
  std::string err;
  bool timed_out = false;
};

ProcessResult run_process(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env = {},
                          std::chrono::milliseconds deadline = std::chrono::seconds(60));
