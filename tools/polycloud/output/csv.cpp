#include "output/csv.hpp"

namespace polycloud::cli {

namespace {
std::string csv_field(std::string const& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}
}  // namespace

std::string spreadsheet_text(std::string cell) {
  if (!cell.empty() && (cell.front() == '=' || cell.front() == '+' || cell.front() == '-' || cell.front() == '@'))
    cell.insert(cell.begin(), '\'');
  return cell;
}

std::string csv_row(std::vector<std::string> const& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) row += ',';
    row += csv_field(fields[i]);
  }
  return row + "\r\n";
}

}  // namespace polycloud::cli
