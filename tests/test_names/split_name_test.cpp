// A fixture for the test-name guard (cmake/test-names.cmake), never compiled: the ctest test_names_guard
// checks that configuring would fail on the second case, naming it.
#include <doctest/doctest.h>

TEST_CASE("a name ctest keeps whole, with commas, * and ?") {}

TEST_CASE("a name ctest would split; into two entries that run nothing") {}
