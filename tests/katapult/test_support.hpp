#pragma once
// Shared by the Katapult tests: fixtures under tests/fixtures/katapult (the seed page's list example
// and documented shapes), and the toolkit's printer for failed Results.

#include <string>

#include "tests/common/toolkit_test_support.hpp"  // prints a failed Result's Error
#include "tests/support/fixtures.hpp"

namespace polycloud::katapult::test {

inline std::string read_fixture(std::string const& name) { return polycloud::fixtures::read("katapult/" + name); }

}  // namespace polycloud::katapult::test
