#include "terminal/progress.hpp"
#include "output/streams.hpp"

#include "output/table.hpp"
#include "terminal/terminal.hpp"
#include "output/visible_text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace polycloud::cli {

namespace {
constexpr std::size_t widest_bar = 24;
constexpr std::size_t narrowest_bar = 5;
/// Columns the label keeps when the line is tight: enough to tell "alg: wait 8…" from another.
constexpr std::size_t shortest_label = 12;

std::string bar(double percent, std::size_t cells, bool color) {
  auto const filled = static_cast<std::size_t>(std::lround(percent / 100.0 * static_cast<double>(cells)));
  std::string out = "[";
  if (color) out += "\x1b[32m";
  out += std::string(filled, '#');
  if (color) out += "\x1b[0m";
  out += std::string(cells - filled, '-');
  return out + "]";
}
}  // namespace

std::optional<double> drawable_percent(std::optional<double> percent) noexcept {
  // The library bounds what adapters report; a user's own Provider may still set any value.
  return Progress::bounded_percent(percent);
}

ProgressDisplay::ProgressDisplay(std::string label)
    : label_(visible_controls(label)), terminal_(is_terminal(stderr)), color_(use_color(stderr)) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::update(Progress const& progress) {
  auto const percent = drawable_percent(progress.percent);
  if (percent == last_percent_ && progress.message == last_message_) return;
  last_percent_ = percent;
  last_message_ = progress.message;
  ended_ = false;
  std::string const percent_text = percent ? fmt::format("{:3.0f}% ", *percent) : std::string();
  auto const message = visible_controls(progress.message);
  if (!terminal_) {
    print_err("{}: {}{}\n", label_, percent_text, message);
    return;
  }
  if (percent) {
    bar_percent_ = *percent;  // without one (a state poll) the bar keeps its last fill
    has_bar_ = true;          // a wait, which never has one, shows no (empty) bar at all
  }
  draw(percent_text, message);
}

void ProgressDisplay::draw(std::string const& percent_text, std::string const& message) {
  // The whole line must fit: a line that wraps can no longer be redrawn with '\r', and each update
  // would stack another. One column is kept free, as some terminals wrap on the last one.
  std::size_t bar_cells = has_bar_ ? widest_bar : 0;
  std::string label = label_, text = message;
  if (auto width = terminal_width(stderr)) {
    auto const room = static_cast<std::size_t>(std::max(*width, 2)) - 1;
    if (has_bar_) bar_cells = std::clamp<std::size_t>(room / 3, narrowest_bar, widest_bar);
    auto const fixed = (bar_cells ? bar_cells + 2 + 1 : 0) + display_width(percent_text);  // "[bar] ", "NNN% "
    auto const rest = room > fixed ? room - fixed : 0;  // for the label and the message
    // The message (a state, a provider's step) is the news: the label gives way first, down to a few
    // columns, so "state: stopped" is not cut to "state: …".
    auto const message_width = display_width(message);
    auto const label_room = std::max(shortest_label, rest > message_width + 1 ? rest - message_width - 1 : 0);
    label = truncate_to(label_, std::min(label_room, rest > 0 ? rest - 1 : 0));
    auto const used = display_width(label) + 1;
    text = truncate_to(message, rest > used ? rest - used : 0);
    if (fixed > room) bar_cells = 0;  // a very narrow terminal: the percentage alone
  }
  std::string line = label.empty() ? std::string() : label + " ";
  if (bar_cells > 0) line += bar(bar_percent_, bar_cells, color_) + " ";
  line += percent_text + text;
  // Clear the rest of the line: a shorter message must not leave the old one's tail behind.
  print_err("\r{}\x1b[K", line);
  drawn_ = true;
}

void ProgressDisplay::done() {
  if (ended_) return;
  ended_ = true;
  if (!terminal_) {
    if (last_percent_ || !last_message_.empty()) print_err("{}: done\n", label_);
    return;
  }
  if (drawn_) print_err("\r\x1b[K");
  drawn_ = false;
}

void ProgressDisplay::finish() {
  if (ended_) return;
  ended_ = true;
  if (drawn_) print_err("\n");
  drawn_ = false;
}

}  // namespace polycloud::cli
