// What each output format guarantees about hostile text (issue 22; docs/cli.md "Output"): json and
// ndjson are exact (and escape what a terminal would act on when they go to one); table and csv are
// neutralised for people and spreadsheets. The names come back from a real create on a fake provider.
#include "cli_fixture.hpp"
#include "terminal_process.hpp"

#include <doctest/doctest.h>

namespace {

bool contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

std::string const rlo = "\u202e";   // RIGHT-TO-LEFT OVERRIDE
std::string const zwsp = "\u200b";  // ZERO WIDTH SPACE
std::string const csi = "\xc2\x9b"; // U+009B, CSI: ESC [ on many terminals

ProcessResult create_named(CliFixture& cli, std::string const& name, std::string const& format) {
  return cli.run_with(cli.write_config(two_fakes),
                      {"create", "a", "--name", name, "--size", "small", "--image", "ubuntu", "-o", format});
}

}  // namespace

TEST_CASE("table and csv show bidi controls and zero-width characters as escapes") {
  CliFixture cli;
  auto const name = "invoice" + rlo + "fdp.exe" + zwsp + "!" + csi + "2J";
  for (auto const* format : {"table", "csv"}) {
    CAPTURE(format);
    auto result = create_named(cli, name, format);
    REQUIRE(result.exit_code == 0);
    CHECK(contains(result.out, "invoice\\u202efdp.exe\\u200b!\\u009b2J"));
    CHECK_FALSE(contains(result.out, rlo));
    CHECK_FALSE(contains(result.out, zwsp));
    CHECK_FALSE(contains(result.out, csi));
  }
  // json in a pipe stays exact: a script reads the real name.
  auto exact = create_named(cli, name, "json");
  CHECK(parse_output(exact.out).at("name").as_string() == name);
}

TEST_CASE("csv cells a spreadsheet would run as a formula get a leading quote") {
  CliFixture cli;
  for (std::string const name : {"=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)"}) {
    CAPTURE(name);
    auto result = create_named(cli, name, "csv");
    REQUIRE(result.exit_code == 0);
    auto const rows = lines_of(result.out);
    REQUIRE(rows.size() >= 2);
    auto const& row = rows[1];
    auto const quoted = name.find('"') == std::string::npos ? "'" + name : "\"'=HYPERLINK(\"\"http://x\"\")\"";
    CHECK(contains(row, "," + quoted + ","));
    // json stays exact.
    CHECK(parse_output(create_named(cli, name, "json").out).at("name").as_string() == name);
  }
}

TEST_CASE("json on a terminal writes C1 - bidi and zero-width characters as JSON escapes") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto const name = "x" + csi + "31m" + rlo + zwsp + "y";
  auto result = run_in_terminal({POLYCLOUD_CLI_BINARY, "--config", config, "create", "a", "--name", name, "--size",
                                 "small", "--image", "ubuntu", "-o", "json"},
                                {{"NO_COLOR", "1"}, {"TERM", "xterm"}}, 100);
  REQUIRE(result.exit_code == 0);
  CHECK(contains(result.out, "\"name\": \"x\\u009b31m\\u202e\\u200by\""));
  CHECK_FALSE(contains(result.out, csi));
  CHECK_FALSE(contains(result.out, rlo));
  CHECK_FALSE(contains(result.out, zwsp));
}
