#include "progress.hpp"

#include "terminal.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace polycloud::cli {

namespace {
constexpr int bar_cells = 24;

std::string bar(double percent, bool color) {
  auto const filled = static_cast<int>(std::lround(std::clamp(percent, 0.0, 100.0) / 100.0 * bar_cells));
  std::string out = "[";
  if (color) out += "\x1b[32m";
  out += std::string(static_cast<std::size_t>(filled), '#');
  if (color) out += "\x1b[0m";
  out += std::string(static_cast<std::size_t>(bar_cells - filled), '-');
  return out + "]";
}
}  // namespace

ProgressDisplay::ProgressDisplay(std::string label)
    : label_(std::move(label)), terminal_(is_terminal(stderr)), color_(use_color(stderr)) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::update(Progress const& progress) {
  if (progress.percent == last_percent_ && progress.message == last_message_) return;
  last_percent_ = progress.percent;
  last_message_ = progress.message;
  std::string const percent = progress.percent ? fmt::format("{:3.0f}% ", *progress.percent) : std::string();
  if (!terminal_) {
    fmt::print(stderr, "{}: {}{}\n", label_, percent, progress.message);
    return;
  }
  // Without a percentage (a state poll) the bar keeps its last known fill.
  auto const fill = progress.percent ? *progress.percent : bar_percent_;
  bar_percent_ = fill;
  std::string line = fmt::format("{} {} {}{}", label_, bar(fill, color_), percent, progress.message);
  // Clear the rest of the line: a shorter message must not leave the old one's tail behind.
  fmt::print(stderr, "\r{}\x1b[K", line);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressDisplay::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace polycloud::cli
