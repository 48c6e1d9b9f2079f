#include <polycloud/provider.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

TEST_CASE("glob_match handles * and ? anywhere") {
  CHECK(glob_match("web-*", "web-1"));
  CHECK(glob_match("web-*", "web-"));
  CHECK_FALSE(glob_match("web-*", "db-1"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("w?b", "web"));
  CHECK_FALSE(glob_match("w?b", "wb"));
  CHECK(glob_match("*-prod-*", "eu-prod-7"));
  CHECK_FALSE(glob_match("*-prod-*", "eu-prod"));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
  CHECK(glob_match("exact", "exact"));
  CHECK_FALSE(glob_match("exact", "exactly"));
  CHECK(glob_match("наз*", "назва-1"));  // bytes, so UTF-8 prefixes work
}

TEST_CASE("InstanceFilter requires state, name and every tag to match") {
  Instance web;
  web.name = "web-1";
  web.state = State::running;
  web.tags = {{"env", "prod"}, {"role", "web"}};

  CHECK(InstanceFilter{}.matches(web));
  CHECK(InstanceFilter{}.empty());
  CHECK(InstanceFilter{State::running, "web-*", {{"env", "prod"}}}.matches(web));
  CHECK_FALSE(InstanceFilter{State::stopped, "", {}}.matches(web));
  CHECK_FALSE(InstanceFilter{std::nullopt, "db-*", {}}.matches(web));
  CHECK_FALSE(InstanceFilter{std::nullopt, "", {{"env", "dev"}}}.matches(web));
  CHECK_FALSE(InstanceFilter{std::nullopt, "", {{"owner", "x"}}}.matches(web));
}

TEST_CASE("glob_match: ? matches one character - not one byte of a UTF-8 character") {
  CHECK(glob_match("?1", "\u4e2d1"));
  CHECK(glob_match("web-??", "web-\u00e9\u4e2d"));
  CHECK_FALSE(glob_match("??1", "\u4e2d1"));
  CHECK(glob_match("*?", "\u4e2d"));
  CHECK(glob_match("*\u6587", "\u4e2d\u6587"));
  CHECK(glob_match("a*?b", "a\u4e2d\u6587b"));
}
