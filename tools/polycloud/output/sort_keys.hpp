#pragma once
// `--sort-by KEY,~KEY`: the order of list's records. Sorting needs every record first, so a sorted list
// collects the whole listing in memory (docs/cli.md says so).
#include "commands/exit_code.hpp"
#include "output/record.hpp"

#include <polycloud/error.hpp>

#include <string>
#include <vector>

namespace polycloud::cli {

struct SortKey {
  std::string key;
  bool descending = false;  ///< written "~key"
};

/// Each word is a key of `keys`, "~" before it for descending; otherwise a usage error naming it.
CliResult<std::vector<SortKey>> parse_sort_keys(std::vector<std::string> const& words,
                                             std::vector<std::string> const& keys);

/// Whether `a` goes before `b`: the first key that differs decides (compare_cells); ties keep their order
/// when used with std::stable_sort.
bool sorts_before(Record const& a, Record const& b, std::vector<SortKey> const& order);

}  // namespace polycloud::cli
