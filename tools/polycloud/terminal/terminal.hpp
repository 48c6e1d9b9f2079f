#pragma once
// What the process is attached to: decides table width, progress style and colour.
#include <cstdio>
#include <optional>

namespace polycloud::cli {

bool is_terminal(std::FILE* stream) noexcept;
/// Columns available on stdout: the terminal's width, else $COLUMNS, else nullopt (no limit).
std::optional<int> output_width() noexcept;
/// Columns of the terminal `stream` is attached to; nullopt when it is not a terminal.
std::optional<int> terminal_width(std::FILE* stream) noexcept;
/// Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org).
bool use_color(std::FILE* stream) noexcept;

}  // namespace polycloud::cli
