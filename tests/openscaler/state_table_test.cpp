#include "providers/openscaler/state_table.hpp"
#include "providers/openscaler/vm_mapping.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace polycloud;
using namespace polycloud::openscaler;

TEST_CASE("openscaler state table: every entry maps to its state and survives a VM mapping") {
  std::set<std::string_view> seen;
  for (auto const& entry : state_table) {
    CAPTURE(entry.raw);
    CHECK(seen.insert(entry.raw).second);  // no value listed twice
    CHECK(map_state(entry.raw) == entry.state);

    boost::json::object vm{{"id", 1}, {"name", "a"}, {"state", entry.raw}};
    auto instance = to_instance(std::move(vm), CallSite{"alg", type_name, "get"});
    REQUIRE(instance);
    CHECK(instance->state == entry.state);
    CHECK(instance->raw_state == entry.raw);
  }
  CHECK(seen.size() == 8);
}

TEST_CASE("openscaler state table: the documented values and the libvirt names are all present") {
  CHECK(map_state("running") == State::running);
  CHECK(map_state("paused") == State::suspended);
  CHECK(map_state("blocked") == State::running);
  CHECK(map_state("shutdown") == State::stopping);
  CHECK(map_state("shutoff") == State::stopped);
  CHECK(map_state("crashed") == State::error);
  CHECK(map_state("pmsuspended") == State::suspended);
  CHECK(map_state("nostate") == State::unknown);
  int seed = 0;
  for (auto const& entry : state_table) seed += entry.source == StateSource::seed;
  CHECK(seed == 2);
}

TEST_CASE("openscaler state table: an unlisted value is unknown and its raw word is kept") {
  CHECK(map_state("migrating") == State::unknown);
  CHECK(map_state("RUNNING") == State::unknown);
  CHECK(map_state("") == State::unknown);
  auto instance = to_instance(boost::json::object{{"id", 2}, {"state", "migrating"}}, CallSite{"alg", type_name, "get"});
  REQUIRE(instance);
  CHECK(instance->state == State::unknown);
  CHECK(instance->raw_state == "migrating");
}
