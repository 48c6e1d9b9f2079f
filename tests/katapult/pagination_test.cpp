#include "providers/katapult/pagination.hpp"
#include "providers/katapult/vm_mapping.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;

namespace {

std::optional<std::size_t> total_pages_of(std::string const& body) {
  VmMapping mapping;
  PaginationReader pagination;
  providers::ListStream stream(list_layout(), mapping, {"kat", "katapult", "list", nullptr}, {}, pagination.sink());
  REQUIRE(stream.feed(body));
  REQUIRE(stream.finish());
  return pagination.total_pages();
}

}  // namespace

TEST_CASE("katapult pagination: a known total is used and a large set's totals are ignored") {
  CHECK(total_pages_of(katapult::test::read_fixture("list_nulls.json")) == 3);
  // The seed page prints large_set true with total_pages 0: that 0 means nothing.
  CHECK_FALSE(total_pages_of(katapult::test::read_fixture("list_seed.json")));
  CHECK_FALSE(total_pages_of(R"({"pagination":{"total_pages":null,"total":null,"large_set":true},"virtual_machines":[]})"));
  CHECK_FALSE(total_pages_of(R"({"virtual_machines":[]})"));
}
