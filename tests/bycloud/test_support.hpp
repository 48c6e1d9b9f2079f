#pragma once
// Shared by the ByCloud tests: the seed page's example (copied under tests/fixtures/bycloud), a
// coroutine runner and the toolkit's printer for failed Results.

#include <string>

#include "tests/common/toolkit_test_support.hpp"  // prints a failed Result's Error
#include "tests/core/run_coro.hpp"
#include "tests/support/fixtures.hpp"

namespace polycloud::bycloud::test {

inline std::string read_fixture(std::string const& name) { return polycloud::fixtures::read("bycloud/" + name); }

using ::run_coro;

}  // namespace polycloud::bycloud::test
