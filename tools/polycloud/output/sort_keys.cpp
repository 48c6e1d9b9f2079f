#include "output/sort_keys.hpp"

#include "commands/exit_code.hpp"
#include "output/filter_expr.hpp"
#include "terminal/suggest.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace polycloud::cli {

namespace {
std::string text_of(Record const& record, std::string const& key) {
  auto found = std::find_if(record.begin(), record.end(), [&](Field const& f) { return f.key == key; });
  return found == record.end() ? std::string() : cell_text(found->value);
}
}  // namespace

CliResult<std::vector<SortKey>> parse_sort_keys(std::vector<std::string> const& words,
                                             std::vector<std::string> const& keys) {
  std::vector<SortKey> order;
  for (auto const& word : words) {
    SortKey key{word, false};
    if (key.key.starts_with('~')) {
      key.key.erase(0, 1);
      key.descending = true;
    }
    if (std::find(keys.begin(), keys.end(), key.key) == keys.end())
      return usage_error(fmt::format("--sort-by: unknown key \"{}\"{}", key.key, did_you_mean(key.key, keys)), {},
                         "list");
    order.push_back(std::move(key));
  }
  return order;
}

bool sorts_before(Record const& a, Record const& b, std::vector<SortKey> const& order) {
  for (auto const& key : order) {
    auto const compared = compare_cells(text_of(a, key.key), text_of(b, key.key));
    if (compared != 0) return key.descending ? compared > 0 : compared < 0;
  }
  return false;
}

}  // namespace polycloud::cli
