#include "progress.hpp"

#include "table.hpp"
#include "terminal.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace polycloud::cli {

namespace {
constexpr std::size_t bar_cells = 24;

std::string bar(double percent, bool color) {
  if (!std::isfinite(percent)) percent = 0;  // a provider's odd value must not reach lround
  auto const filled = static_cast<std::size_t>(std::lround(std::clamp(percent, 0.0, 100.0) / 100.0 * bar_cells));
  std::string out = "[";
  if (color) out += "\x1b[32m";
  out += std::string(filled, '#');
  if (color) out += "\x1b[0m";
  out += std::string(bar_cells - filled, '-');
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
  std::string const head = fmt::format("{} {} {}", label_, bar(fill, color_), percent);
  // A line wider than the terminal would wrap, and '\r' could no longer redraw it: cut the message.
  std::string message = progress.message;
  if (auto width = terminal_width(stderr)) {
    auto const used = display_width(label_) + bar_cells + 3 + display_width(percent);
    auto const columns = static_cast<std::size_t>(*width);
    message = truncate_to(message, columns > used + 1 ? columns - used - 1 : 0);
  }
  // Clear the rest of the line: a shorter message must not leave the old one's tail behind.
  fmt::print(stderr, "\r{}{}\x1b[K", head, message);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressDisplay::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace polycloud::cli
