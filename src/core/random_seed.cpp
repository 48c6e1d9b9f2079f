#include "core/random_seed.hpp"

#include <random>

#include <unistd.h>

namespace polycloud {

std::uint64_t random_seed() {
  std::uint64_t seed = 0;
  if (::getentropy(&seed, sizeof seed) == 0) return seed;
  return std::random_device{}();  // getentropy failed (a kernel without getrandom): the portable way
}

}  // namespace polycloud
