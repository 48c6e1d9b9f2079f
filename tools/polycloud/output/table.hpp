#pragma once
// Aligned text columns that fit a width: the least important columns are dropped first, then the
// shrinkable ones are cut with an ellipsis. Widths are terminal columns: a CJK character takes two,
// a combining accent none.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

struct TableColumn {
  std::string header;
  int drop_rank = 0;        ///< 0: always kept; otherwise higher ranks are dropped first when too wide
  bool shrinkable = false;  ///< may be cut with "…" when dropping is not enough
};

/// ANSI prefix for a cell ("" for none); the renderer adds the reset after the padded cell.
using CellStyle = std::function<std::string_view(std::size_t column, std::string_view cell)>;

class Table {
 public:
  explicit Table(std::vector<TableColumn> columns) : columns_(std::move(columns)) {}
  /// `whole`: the row is never cut, even in a shrinkable column (it may overflow the width instead).
  void add_row(std::vector<std::string> cells, bool whole = false) {
    rows_.push_back(std::move(cells));
    whole_.push_back(whole);
  }
  /// Every line ends with '\n'. nullopt width: no limit. `with_header` false: rows only (--no-headers).
  std::string render(std::optional<int> width, CellStyle const& style = {}, bool with_header = true) const;

 private:
  std::vector<TableColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> whole_;  ///< per row: never cut
};

/// Columns `text` (UTF-8) takes on a terminal, by wcwidth(3) in the C.UTF-8 locale. A byte that is not
/// UTF-8 and a non-printable character count as one column (callers make controls visible first).
std::size_t display_width(std::string_view text) noexcept;
/// Cuts `text` to at most `width` columns, ending with "…" when cut; never splits a character.
std::string truncate_to(std::string_view text, std::size_t width);

}  // namespace polycloud::cli
