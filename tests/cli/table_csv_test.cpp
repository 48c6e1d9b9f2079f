// The CLI's table and csv writers, linked from tools/polycloud directly.
#include "tools/polycloud/output/csv.hpp"
#include "tools/polycloud/output/table.hpp"

#include <doctest/doctest.h>

using namespace polycloud::cli;

TEST_CASE("csv quotes per RFC 4180") {
  CHECK(csv_row({"a", "b c", ""}) == "a,b c,\r\n");
  CHECK(csv_row({"x,y", "say \"hi\"", "two\nlines"}) == "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
}

TEST_CASE("a table aligns columns and trims trailing spaces") {
  Table table({{"ID"}, {"NAME"}});
  table.add_row({"1", "alpha"});
  table.add_row({"22", "b"});
  CHECK(table.render(std::nullopt) == "ID  NAME\n1   alpha\n22  b\n");
}

TEST_CASE("a table too wide drops the highest-ranked columns first, then shrinks") {
  Table table({{"ID"}, {"NAME", 0, true}, {"EXTRA", 1}});
  table.add_row({"1", "a-rather-long-name", "zzzzzzzzzz"});
  CHECK(table.render(22) == "ID  NAME\n1   a-rather-long-name\n");
  auto const shrunk = table.render(12);
  CHECK(shrunk == "ID  NAME\n1   a-rathe\u2026\n");
  for (auto width : {1, 5, 30}) CHECK_FALSE(table.render(width).empty());
}

TEST_CASE("widths count code points and truncation never splits one") {
  CHECK(display_width("h\u00e9llo") == 5);
  CHECK(truncate_to("h\u00e9llo", 3) == "h\u00e9\u2026");
  CHECK(truncate_to("abc", 3) == "abc");
}
