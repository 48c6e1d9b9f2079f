// random_seed (src/core/random_seed.hpp): the seed of retry jitter and OpenScaler's sequence ids.
#include "core/random_seed.hpp"

#include <doctest/doctest.h>

#include <set>

TEST_CASE("random_seed gives a different seed on every call") {
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 8; ++i) seeds.insert(polycloud::random_seed());
  CHECK(seeds.size() == 8);  // 64 random bits: a repeat among 8 has a chance of about 2^-59
}
