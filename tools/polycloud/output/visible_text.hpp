#pragma once
// Text from a provider (VM names, error messages, progress) can hold terminal escapes: ESC sequences
// recolour or rewrite the screen, CR/LF forge or split lines. Everything printed for a person goes
// through visible_controls(); JSON output does not, because JSON escapes them itself.
#include <string>
#include <string_view>

namespace polycloud::cli {

/// Code points a terminal or a spreadsheet acts on or hides rather than shows: C1 controls (CSI U+009B
/// works like ESC [), the bidi controls (U+202E turns "exe.txt" into "txt.exe" on screen), the zero-width
/// and invisible format characters (U+200B makes two equal-looking names differ), U+2028/U+2029.
bool hidden_code_point(char32_t code_point) noexcept;

/// `text` with every control character shown as an escape: C0 and DEL as "\x1b", hidden_code_point()s
/// as "\u009b", "\u202e", and bytes that are not UTF-8 as "\xff". Printable text (any script) is
/// unchanged.
std::string visible_controls(std::string_view text);

/// JSON text (valid, already escaped) with each hidden_code_point() written as a \uXXXX escape: the
/// same JSON value, safe to show on a terminal.
std::string escape_hidden_in_json(std::string_view json_text);

}  // namespace polycloud::cli
