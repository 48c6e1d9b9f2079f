#pragma once
// RFC 4180 rows: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end in CRLF.
#include <string>
#include <vector>

namespace polycloud::cli {

std::string csv_row(std::vector<std::string> const& fields);

}  // namespace polycloud::cli
