// The CLI's exit_code_for against the documented table, for every ErrorKind (issue 12: the fault
// matrix checked the kind but not the exit code).
#include "documented_exit_codes.hpp"
#include "tools/polycloud/commands/exit_code.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace polycloud;

TEST_CASE("exit codes: exit_code_for gives the documented code for every error kind") {
  std::set<ErrorKind> listed;
  // A plain pair, not a structured binding: CAPTURE's lambda cannot name a binding in clang 14.
  for (auto const& documented : reliability::documented_exit_codes) {
    auto const kind = documented.first;
    CAPTURE(std::string(to_string(kind)));
    CHECK(listed.insert(kind).second);  // each kind once
    CHECK(static_cast<int>(cli::exit_code_for(kind)) == documented.second);
  }
  // Every kind from the first to the last of the enum is in the table: a new kind must be documented.
  for (int k = 0; k <= static_cast<int>(ErrorKind::config); ++k) {
    CAPTURE(k);
    CHECK(listed.count(static_cast<ErrorKind>(k)) == 1);
  }
}
