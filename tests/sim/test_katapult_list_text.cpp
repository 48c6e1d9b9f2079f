// The Katapult simulator's fast list text must be, byte for byte, what the DOM path writes.
#include "sim/katapult/list_text.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace {

namespace katapult = polycloud::sim::katapult;

std::string dom_text(std::uint64_t seed, std::size_t index, katapult::Organization const& organization) {
  return boost::json::serialize(katapult::list_item(katapult::generate_vm(seed, index, organization)));
}

std::string fast_text(std::uint64_t seed, std::size_t index, katapult::Organization const& organization) {
  std::string out = "[";  // appends: what is already there is kept
  katapult::append_generated_list_item(out, seed, index, organization);
  REQUIRE(out.front() == '[');
  return out.substr(1);
}

}  // namespace

TEST_CASE("katapult generated list text equals the serialized list item for every kind of VM") {
  katapult::Organization const plain{"org_PolyCloudSim001", "Polycloud Simulación", "polycloud-sim"};
  // A sub-domain the fast path must escape exactly as Boost.JSON does.
  katapult::Organization const odd{"org_x", "x", "we\"ird\\sub\x01\ndomain-ü"};
  std::size_t compared = 0;
  for (std::uint64_t const seed : {1ULL, 42ULL, 0xDEADBEEFULL}) {
    for (auto const* organization : {&plain, &odd}) {
      // 0..4199 covers every state × name × package × GPU × address combination many times over.
      for (std::size_t index = 0; index < 4200; ++index) {
        CAPTURE(seed);
        CAPTURE(index);
        REQUIRE(fast_text(seed, index, *organization) == dom_text(seed, index, *organization));
        ++compared;
      }
      for (std::size_t const index : {65'535UL, 65'536UL, 999'999UL, 1'000'000UL, 123'456'789UL}) {
        CAPTURE(index);
        REQUIRE(fast_text(seed, index, *organization) == dom_text(seed, index, *organization));
        ++compared;
      }
    }
  }
  CHECK(compared == 3 * 2 * 4205);
}
