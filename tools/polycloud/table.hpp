#pragma once
// Aligned text columns that fit a width: the least important columns are dropped first, then the
// shrinkable ones are cut with an ellipsis. Widths count UTF-8 code points, not bytes.
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
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  /// Every line ends with '\n'. nullopt width: no limit.
  std::string render(std::optional<int> width, CellStyle const& style = {}) const;

 private:
  std::vector<TableColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
};

/// Display width in code points.
std::size_t display_width(std::string_view text) noexcept;
/// Cuts `text` to at most `width` code points, ending with "…" when cut.
std::string truncate_to(std::string_view text, std::size_t width);

}  // namespace polycloud::cli
