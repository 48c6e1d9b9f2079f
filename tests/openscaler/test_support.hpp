#pragma once
// Shared by the OpenScaler tests: the seed pages' examples (copied under tests/fixtures/openscaler)
// (and, through the toolkit's support header, a printer for failed Results).

#include <polycloud/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "tests/common/toolkit_test_support.hpp"  // prints a failed Result's Error
#include "tests/support/fixtures.hpp"

namespace polycloud::openscaler::test {

inline std::string read_fixture(std::string const& name) { return polycloud::fixtures::read("openscaler/" + name); }

inline boost::json::value json_fixture(std::string const& name) { return boost::json::parse(read_fixture(name)); }

}  // namespace polycloud::openscaler::test
