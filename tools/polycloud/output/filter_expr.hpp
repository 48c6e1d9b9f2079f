#pragma once
// `--filter EXPR`: a boolean expression over a record's output keys, in the spirit of gcloud's --filter.
//
//   expr       := or
//   or         := and ("OR" and)*
//   and        := not ("AND" not)*
//   not        := "NOT" not | "(" expr ")" | comparison
//   comparison := KEY OP VALUE        OP: = != < <= > >= ~
//   VALUE      := 'quoted' | "quoted" | a bare word (up to a space or ")")
//
// AND, OR and NOT are upper case (a value may be "and"). A comparison reads the key's cell text (what
// csv shows: lists joined with spaces, tags as k=v;k=v, null as empty). = and != compare text; the
// orderings compare numerically when both sides are integers, as text otherwise (RFC 3339 times order
// as text); ~ is a shell glob ('*', '?') over the whole text: `name~'web-*'`.
#include "commands/exit_code.hpp"
#include "output/record.hpp"

#include <polycloud/error.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

/// <0, 0 or >0 as cell text `a` orders before, with or after `b`: as numbers when both are integers,
/// as text otherwise. --filter's orderings and --sort-by share it.
int compare_cells(std::string_view a, std::string_view b);

class Filter {
 public:
  struct Node;

  /// Parses `text`; every key must be one of `keys`. A mistake is a usage error whose message shows the
  /// expression with a caret under the place (multi-line).
  static CliResult<Filter> parse(std::string_view text, std::vector<std::string> const& keys);

  bool matches(Record const& record) const;

 private:
  std::shared_ptr<Node const> root_;
};

}  // namespace polycloud::cli
