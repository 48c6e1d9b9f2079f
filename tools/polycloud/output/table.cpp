#include "output/table.hpp"

#include <algorithm>
#include <clocale>
#include <cwchar>
#include <numeric>

#include <locale.h>
#include <wchar.h>

namespace polycloud::cli {

namespace {
constexpr std::size_t gap = 2;
constexpr std::size_t min_shrunk = 6;
constexpr std::string_view ellipsis = "\u2026";

/// Makes mbrtowc and wcwidth read UTF-8 on this thread while alive, whatever the process locale is
/// (the CLI never calls setlocale, and tests link this file directly).
class Utf8Scope {
 public:
  Utf8Scope() noexcept {
    static locale_t const utf8 = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    if (utf8) previous_ = ::uselocale(utf8);
  }
  ~Utf8Scope() {
    if (previous_) ::uselocale(previous_);
  }
  Utf8Scope(Utf8Scope const&) = delete;
  Utf8Scope& operator=(Utf8Scope const&) = delete;

 private:
  locale_t previous_{};
};

struct Glyph {
  std::size_t bytes;
  std::size_t columns;
};

/// The character at `at`. Not UTF-8, or not printable: one byte, one column.
Glyph glyph_at(std::string_view text, std::size_t at) noexcept {
  std::mbstate_t state{};
  wchar_t wide = 0;
  auto const bytes = std::mbrtowc(&wide, text.data() + at, text.size() - at, &state);
  if (bytes == 0 || bytes > text.size() - at) return {1, 1};  // NUL, or (size_t)-1 / -2: not UTF-8
  int const columns = ::wcwidth(wide);
  return {bytes, columns < 0 ? std::size_t{1} : static_cast<std::size_t>(columns)};
}

std::size_t total_width(std::vector<std::size_t> const& widths, std::vector<bool> const& shown) {
  std::size_t total = 0, count = 0;
  for (std::size_t i = 0; i < widths.size(); ++i)
    if (shown[i]) total += widths[i], ++count;
  return count ? total + gap * (count - 1) : 0;
}
}  // namespace

std::size_t display_width(std::string_view text) noexcept {
  Utf8Scope const utf8;
  std::size_t columns = 0;
  for (std::size_t at = 0; at < text.size();) {
    auto const glyph = glyph_at(text, at);
    columns += glyph.columns;
    at += glyph.bytes;
  }
  return columns;
}

std::string truncate_to(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  Utf8Scope const utf8;
  std::size_t columns = 0, end = 0;
  while (end < text.size()) {  // keep whole characters within width - 1 columns, then the ellipsis
    auto const glyph = glyph_at(text, end);
    if (columns + glyph.columns > width - 1) break;
    columns += glyph.columns;
    end += glyph.bytes;
  }
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

std::string Table::render(std::optional<int> width, CellStyle const& style, bool with_header) const {
  std::size_t const n = columns_.size();
  std::vector<std::size_t> widths(n);
  for (std::size_t i = 0; i < n; ++i) {
    widths[i] = with_header ? display_width(columns_[i].header) : 0;
    for (auto const& row : rows_)
      if (i < row.size()) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::vector<bool> shown(n, true);
  if (width) {
    auto const limit = static_cast<std::size_t>(std::max(*width, 1));
    // Drop by rank, highest first.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return columns_[a].drop_rank > columns_[b].drop_rank; });
    for (auto i : order)
      if (total_width(widths, shown) > limit && columns_[i].drop_rank > 0) shown[i] = false;
    // Then shrink the widest shrinkable column, one code point at a time, down to a floor.
    while (total_width(widths, shown) > limit) {
      std::size_t widest = n;
      for (std::size_t i = 0; i < n; ++i)
        if (shown[i] && columns_[i].shrinkable && widths[i] > min_shrunk && (widest == n || widths[i] > widths[widest]))
          widest = i;
      if (widest == n) break;  // nothing left to give: let the terminal wrap
      --widths[widest];
    }
  }

  std::string out;
  auto emit = [&](std::vector<std::string> const& cells, bool header, bool whole) {
    std::string line;
    std::size_t pending_gap = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!shown[i]) continue;
      line.append(pending_gap, ' ');
      std::string cell = i < cells.size() ? cells[i] : std::string();
      if (!whole) cell = truncate_to(cell, widths[i]);
      auto const pad = widths[i] - std::min(widths[i], display_width(cell));
      std::string_view const prefix = (!header && style) ? style(i, i < cells.size() ? cells[i] : "") : "";
      line += prefix;
      line += cell;
      if (!prefix.empty()) line += "\x1b[0m";
      line.append(pad, ' ');
      pending_gap = gap;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  };
  std::vector<std::string> headers;
  for (auto const& column : columns_) headers.push_back(column.header);
  if (with_header) emit(headers, true, false);
  for (std::size_t r = 0; r < rows_.size(); ++r) emit(rows_[r], false, whole_[r]);
  return out;
}

}  // namespace polycloud::cli
