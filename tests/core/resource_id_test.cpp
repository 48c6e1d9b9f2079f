#include <polycloud/provider.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

TEST_CASE("check_resource_id refuses empty dot and dot-dot ids as invalid_argument") {
  for (std::string const id : {"", ".", ".."}) {
    auto const checked = check_resource_id(id, "alg", Operation::remove);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().kind == ErrorKind::invalid_argument);
    CHECK(checked.error().provider == "alg");
    CHECK(checked.error().operation == "delete");
    CHECK(checked.error().attempts == 0);
  }
  CHECK(check_resource_id("", "alg", Operation::get).error().message == "an instance id must not be empty");
  CHECK(check_resource_id("..", "alg", Operation::get).error().message ==
        "an instance id must not be \"..\" (a path dot-segment)");
}

TEST_CASE("check_resource_id accepts ordinary ids including ones with dots") {
  for (std::string const id : {"8", "vm-1", "...", ".hidden", "a..b", "web.1"})
    CHECK_MESSAGE(check_resource_id(id, "alg", Operation::get).has_value(), id);
}
