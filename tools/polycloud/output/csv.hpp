#pragma once
// RFC 4180 rows: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end in CRLF.
#include <string>
#include <vector>

namespace polycloud::cli {

/// A cell a spreadsheet would run as a formula (it starts with =, +, - or @: "=HYPERLINK(…)") gets a
/// leading ' as OWASP's CSV-injection advice says; a spreadsheet shows the text, ' hidden. Everything
/// else is unchanged.
std::string spreadsheet_text(std::string cell);

std::string csv_row(std::vector<std::string> const& fields);

}  // namespace polycloud::cli
