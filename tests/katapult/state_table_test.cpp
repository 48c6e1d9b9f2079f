#include "providers/katapult/state_table.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace polycloud;
using namespace polycloud::katapult;

TEST_CASE("katapult state table: every documented state maps as issue 10 gives it") {
  // Written out again here, not read from the table, so a wrong entry in the table fails.
  struct Expected {
    char const* raw;
    State state;
  };
  Expected const documented[] = {
      {"started", State::running},       {"starting", State::pending},   {"allocating", State::pending},
      {"allocated", State::pending},     {"stopping", State::stopping},  {"shutting_down", State::stopping},
      {"stopped", State::stopped},       {"resetting", State::rebooting}, {"migrating", State::running},
      {"transferring", State::running},  {"failed", State::error},       {"orphaned", State::error},
      {"suspended", State::suspended},  // not in the reference's enum, but in real VM objects (issue 22)
  };
  for (auto const& entry : documented) {
    CAPTURE(entry.raw);
    CHECK(map_state(entry.raw) == entry.state);
  }
  std::set<std::string_view> listed;
  for (auto const& entry : state_table) CHECK(listed.insert(entry.raw).second);  // none twice
  CHECK(listed.size() == std::size(documented));
}

TEST_CASE("katapult state table: anything else is unknown") {
  CHECK(map_state("") == State::unknown);
  CHECK(map_state("Started") == State::unknown);
  CHECK(map_state("hibernating") == State::unknown);
}
