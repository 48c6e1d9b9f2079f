// Every Nova status the issue and api-facts.md list, against the adapter's one constant.
#include "providers/bycloud/state_table.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace polycloud;
using namespace polycloud::bycloud;

namespace {

// Written out again from the table, independently of the constant under test.
std::map<std::string, State> const documented{
    {"ACTIVE", State::running},          {"BUILD", State::pending},        {"REBUILD", State::pending},
    {"PASSWORD", State::running},        {"MIGRATING", State::running},    {"RESIZE", State::running},
    {"VERIFY_RESIZE", State::running},   {"REVERT_RESIZE", State::running}, {"RESCUE", State::running},
    {"REBOOT", State::rebooting},        {"HARD_REBOOT", State::rebooting}, {"SHUTOFF", State::stopped},
    {"SHELVED", State::stopped},         {"SHELVED_OFFLOADED", State::stopped}, {"PAUSED", State::suspended},
    {"SUSPENDED", State::suspended},     {"ERROR", State::error},          {"DELETED", State::terminated},
    {"SOFT_DELETED", State::terminated}, {"UNKNOWN", State::unknown},
};

}  // namespace

TEST_CASE("bycloud state table: every documented Nova status maps as the issue says") {
  for (auto const& entry : documented) {
    CAPTURE(entry.first);
    CHECK(map_state(entry.first) == entry.second);
  }
  // and the constant holds exactly these, each once
  CHECK(state_table.size() == documented.size());
  for (auto const& entry : state_table) {
    CAPTURE(entry.raw);
    REQUIRE(documented.contains(std::string(entry.raw)));
    CHECK(documented.at(std::string(entry.raw)) == entry.state);
  }
}

TEST_CASE("bycloud state table: anything else is unknown - case matters") {
  CHECK(map_state("") == State::unknown);
  CHECK(map_state("active") == State::unknown);
  CHECK(map_state("STOPPED") == State::unknown);
}

TEST_CASE("bycloud state table: only a state standing for one status is pushed down") {
  CHECK(only_status_for(State::error) == "ERROR");
  CHECK(only_status_for(State::running).empty());     // ACTIVE, PASSWORD, MIGRATING…
  CHECK(only_status_for(State::pending).empty());     // BUILD, REBUILD
  CHECK(only_status_for(State::stopped).empty());
  CHECK(only_status_for(State::suspended).empty());
  CHECK(only_status_for(State::rebooting).empty());
  CHECK(only_status_for(State::terminated).empty());
  CHECK(only_status_for(State::stopping).empty());    // no Nova status at all
  CHECK(only_status_for(State::unknown).empty());     // also every status not in the table
}
