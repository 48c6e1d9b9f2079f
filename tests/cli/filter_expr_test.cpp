// --filter's expression parser and evaluation (tools/polycloud/filter_expr.cpp), linked directly.
#include "tools/polycloud/output/filter_expr.hpp"

#include <doctest/doctest.h>

using polycloud::cli::Filter;
using polycloud::cli::Record;

namespace {
std::vector<std::string> const keys{"id", "name", "state", "vcpus", "created_at", "tags", "public_ips"};

Record vm(std::string_view name, std::string_view state, std::int64_t vcpus) {
  return {{"id", std::string_view("vm-1")}, {"name", name}, {"state", state}, {"vcpus", vcpus},
          {"created_at", nullptr}};
}

bool holds(std::string_view expression, Record const& record) {
  auto filter = Filter::parse(expression, keys);
  REQUIRE_MESSAGE(filter.has_value(), (filter ? "" : std::get<polycloud::cli::UsageError>(filter.error()).message));
  return filter->matches(record);
}

std::string mistake(std::string_view expression) {
  auto filter = Filter::parse(expression, keys);
  REQUIRE_FALSE(filter.has_value());
  // The CLI's own usage mistake, never one of the library's error kinds.
  auto const failure = filter.error();
  REQUIRE(std::holds_alternative<polycloud::cli::UsageError>(failure));
  return std::get<polycloud::cli::UsageError>(failure).message;
}
}  // namespace

TEST_CASE("filter: comparisons - numbers compare as numbers and text as text") {
  auto const web = vm("web-1", "running", 4);
  CHECK(holds("state=running", web));
  CHECK_FALSE(holds("state!=running", web));
  CHECK(holds("vcpus>=2", web));
  CHECK(holds("vcpus>10", vm("x", "running", 12)));  // "12" > "10" as numbers, not as text only
  CHECK(holds("vcpus<10", vm("x", "running", 9)));    // "9" < "10": text would say no
  CHECK(holds("name<x", web));
  CHECK(holds("name~'web-*'", web));
  CHECK_FALSE(holds("name~web", web));  // a glob matches the whole text
  CHECK(holds("created_at=''", web));   // null reads as empty
}

TEST_CASE("filter: AND binds tighter than OR - NOT and parentheses") {
  auto const web = vm("web-1", "running", 1);
  CHECK(holds("state=running AND vcpus>=2 OR name=web-1", web));
  CHECK_FALSE(holds("state=running AND (vcpus>=2 OR name=db)", web));
  CHECK(holds("NOT state=stopped", web));
  CHECK(holds("NOT (state=stopped OR vcpus>1)", web));
  CHECK(holds("  state = running  ", web));
  CHECK(holds("name=\"web-1\" AND state='running'", web));
  CHECK(holds("state=and", vm("x", "and", 1)));  // lower-case words are values
}

TEST_CASE("filter: mistakes name the place with a caret") {
  CHECK(mistake("state=running AND vcpus>=") ==
        "--filter: expected a value (quote an empty one: '') at column 26:\n  state=running AND vcpus>=\n"
        "                           ^");
  CHECK(mistake("stat=running").find("unknown key \"stat\" (did you mean \"state\"?) at column 1") != std::string::npos);
  CHECK(mistake("(state=running").find("\"(\" is never closed at column 1") != std::string::npos);
  CHECK(mistake("state running").find("expected one of = != < <= > >= ~ after state at column 7") !=
        std::string::npos);
  CHECK(mistake("state=running vcpus=2").find("expected AND, OR or the end at column 15") != std::string::npos);
  CHECK(mistake("name='web").find("the quote is never closed") != std::string::npos);
  CHECK(mistake("").find("expected a key at column 1") != std::string::npos);
}
