#include "terminal/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace polycloud::cli {

bool is_terminal(std::FILE* stream) noexcept { return ::isatty(::fileno(stream)) == 1; }

std::optional<int> terminal_width(std::FILE* stream) noexcept {
  winsize size{};
  if (is_terminal(stream) && ::ioctl(::fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return std::nullopt;
}

std::optional<int> output_width() noexcept {
  if (auto width = terminal_width(stdout)) return width;
  if (char const* columns = std::getenv("COLUMNS")) {
    int value = 0;
    auto const end = columns + std::strlen(columns);
    if (auto [ptr, ec] = std::from_chars(columns, end, value); ec == std::errc() && ptr == end && value > 0)
      return value;
  }
  return std::nullopt;
}

bool use_color(std::FILE* stream) noexcept {
  char const* no_color = std::getenv("NO_COLOR");
  return is_terminal(stream) && (no_color == nullptr || *no_color == '\0');
}

}  // namespace polycloud::cli
