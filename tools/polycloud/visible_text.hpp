#pragma once
// Text from a provider (VM names, error messages, progress) can hold terminal escapes: ESC sequences
// recolour or rewrite the screen, CR/LF forge or split lines. Everything printed for a person goes
// through visible_controls(); JSON output does not, because JSON escapes them itself.
#include <string>
#include <string_view>

namespace polycloud::cli {

/// `text` with every control character shown as an escape: C0 and DEL as "\x1b", C1 code points as
/// "\u009b", and bytes that are not UTF-8 as "\xff". Printable text (any script) is unchanged.
std::string visible_controls(std::string_view text);

}  // namespace polycloud::cli
