#pragma once
// Shared by the Katapult tests: fixtures under tests/fixtures/katapult (the seed page's list example
// and documented shapes), and the Result printer the OpenScaler tests already define.

#include "tests/openscaler/test_support.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace polycloud::katapult::test {

inline std::string read_fixture(std::string const& name) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/katapult/" + name, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + name);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace polycloud::katapult::test
