// InOrderWriter: sources finishing in any order still print in source order, kept records spill to a
// temporary file past the memory cap, and every run starts with its own separator.
#include "tools/polycloud/output/in_order_writer.hpp"

#include <doctest/doctest.h>

#include <string>

using polycloud::cli::InOrderWriter;
using polycloud::cli::RunOutput;

namespace {
/// Records joined by ',' as in a compact JSON array: a run's first record gets ',' only if one came before.
struct ArrayText {
  std::string text;
  std::size_t records = 0;
  RunOutput output() {
    return {",",
            [this](std::size_t count) {
              if (records > 0) text += ',';
              records += count;
            },
            [this](std::string_view part) { text += part; }};
  }
};
}  // namespace

TEST_CASE("InOrderWriter prints sources in order whichever finishes first") {
  ArrayText out;
  InOrderWriter writer(3, out.output());
  writer.add(2, "c1");
  writer.add(1, "b1");
  writer.add(0, "a1");  // the head: at once
  CHECK(out.text == "a1");
  writer.add(2, "c2");
  writer.finish(2);
  CHECK(out.text == "a1");  // source 2 waits for 0 and 1
  writer.add(1, "b2");
  writer.finish(0);
  CHECK(out.text == "a1,b1,b2");  // 1 is the head now: what it kept, then its records as they come
  writer.add(1, "b3");
  CHECK(out.text == "a1,b1,b2,b3");
  writer.finish(1);
  CHECK(out.text == "a1,b1,b2,b3,c1,c2");
  CHECK(out.records == 6);
}

TEST_CASE("InOrderWriter spills kept records past its memory cap and reads them back in order") {
  ArrayText out;
  InOrderWriter writer(2, out.output(), 8);  // 8 bytes: every few records go to the temporary file
  std::string expected_second;
  for (int i = 0; i < 1000; ++i) {
    auto const record = "r" + std::to_string(i);
    writer.add(1, record);
    expected_second += (i ? "," : "") + record;
  }
  writer.add(0, "first");
  writer.finish(1);
  CHECK(out.text == "first");
  writer.finish(0);
  CHECK(out.text == "first," + expected_second);
  CHECK(out.records == 1001);
}

TEST_CASE("InOrderWriter skips sources that kept nothing and tolerates finishing twice") {
  ArrayText out;
  InOrderWriter writer(3, out.output());
  writer.finish(1);
  writer.add(2, "c");
  writer.finish(0);
  writer.finish(0);
  CHECK(out.text == "c");
  writer.finish(2);
  CHECK(out.text == "c");
  CHECK(out.records == 1);
}
