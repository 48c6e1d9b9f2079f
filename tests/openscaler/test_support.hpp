#pragma once
// Shared by the OpenScaler tests: the seed pages' examples (copied under tests/fixtures/openscaler)
// (and, through the toolkit's support header, a printer for failed Results).

#include <polycloud/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "tests/common/toolkit_test_support.hpp"  // prints a failed Result's Error

namespace polycloud::openscaler::test {

inline std::string read_fixture(std::string const& name) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/openscaler/" + name, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + name);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline boost::json::value json_fixture(std::string const& name) { return boost::json::parse(read_fixture(name)); }

}  // namespace polycloud::openscaler::test
