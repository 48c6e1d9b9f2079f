// Issue 20: what a script and a cloud-CLI power user rely on: ids checked before any request, -o value
// for `while read`, ids never cut in a table, usage mistakes called "usage".
#include "cli_fixture.hpp"
#include "terminal_process.hpp"

#include <doctest/doctest.h>

namespace {
bool contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

/// On a terminal of `columns`, `typed` answering any prompt.
ProcessResult at_terminal(std::string const& config, std::vector<std::string> args, int columns,
                          std::string const& typed = {}) {
  args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config});
  return run_in_terminal(args, {{"NO_COLOR", "1"}, {"TERM", "xterm"}}, columns, std::chrono::seconds(60), typed);
}
}  // namespace

TEST_CASE("an id holding a control character is refused with exit 2 naming it - for every command taking an id") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  // What `while IFS=, read -r provider type id …` leaves from a CRLF csv line.
  for (std::vector<std::string> args : {std::vector<std::string>{"get", "a", "fake-1000\r"},
                                        {"stop", "a", "fake-1000\r"},
                                        {"delete", "a", "fake-1000\r", "--yes"},
                                        {"wait", "a", "fake-1000\r", "--state", "running"},
                                        {"start", "a", "fake-1001", "fake-\x1b[2J"}}) {
    auto result = cli.run_with(config, args);
    INFO(args.front(), " stderr: ", result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(contains(result.err, "holds a control character (U+00"));
    CHECK(!contains(result.err, "\r"));
    CHECK(!contains(result.err, "\x1b"));
  }
  auto cr = cli.run_with(config, {"get", "a", "fake-1000\r"});
  CHECK(contains(cr.err, "id \"fake-1000\\x0d\" holds a control character (U+000D)"));
}

TEST_CASE("-o value prints the fields tab-separated - one record per line - LF only - no header") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto listed = cli.run_with(config, {"list", "--provider", "a", "-o", "value", "--fields", "id,name,state"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out ==
        "fake-1000\tweb-0\trunning\nfake-1001\tdb-1\tstopped\nfake-1002\tweb-2\tpending\nfake-1003\tdb-3\tsuspended\n");
  // Each id read back works as is: the defect was a "\r" on every id read from csv.
  auto one = cli.run_with(config, {"get", "a", "fake-1002", "-o", "value", "--fields", "id"});
  CHECK(one.out == "fake-1002\n");
  // A tab, newline or backslash inside a value is escaped, so a line is always one record.
  auto made = cli.run_with(config, {"create", "a", "--name", "a\tb\nc\\d", "--size", "small", "--image", "ubuntu",
                                    "-o", "value", "--fields", "name,state"});
  CHECK(made.exit_code == 0);
  CHECK(made.out == "a\\tb\\nc\\\\d\trunning\n");
}

TEST_CASE("the table never cuts an id on a narrow terminal - other columns give way first") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto listed = at_terminal(config, {"list", "--provider", "a"}, 24);
  CHECK(listed.exit_code == 0);
  INFO("output: ", listed.out);
  for (auto const* id : {"fake-1000", "fake-1001", "fake-1002", "fake-1003"}) CHECK(contains(listed.out, id));
  auto shown = at_terminal(config, {"get", "a", "fake-1003"}, 12);
  CHECK(shown.exit_code == 0);
  INFO("get: ", shown.out);
  CHECK(contains(shown.out, "fake-1003"));
}

TEST_CASE("usage mistakes found after parsing are called usage - exit 2 unchanged") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto refused = at_terminal(config, {"delete", "a", "fake-1000"}, 200, "web-1\n");
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.out, "polycloud: a: delete: usage: not confirmed (typed \"web-1\"): nothing was deleted"));
  auto fields = cli.run_with(config, {"list", "--fields", "id,nmae"});
  CHECK(fields.exit_code == 2);
  CHECK(contains(fields.err, "polycloud: output: usage: --fields: unknown field \"nmae\""));
  auto create = cli.run_with(config, {"create", "a", "--name", "x"});
  CHECK(create.exit_code == 2);
  CHECK(contains(create.err, "polycloud: a: create: usage: create needs --name"));
}

TEST_CASE("wait progress at 40 columns: no empty bar without a percentage - the state is not cut") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto late = at_terminal(config, {"wait", "a", "fake-1001", "--state", "running", "--timeout", "1"}, 40);
  CHECK(late.exit_code == 1);
  INFO("output: ", late.out);
  CHECK(contains(late.out, "state: stopped"));
  CHECK(!contains(late.out, "[-"));        // the empty bar of a wait that never has a percentage
  CHECK(!contains(late.out, "state: \u2026"));
}

TEST_CASE("get and actions take a unique name where an id is expected") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto got = cli.run_with(config, {"get", "a", "web-2", "-o", "value", "--fields", "id,name"});
  CHECK(got.exit_code == 0);
  CHECK(got.out == "fake-1002\tweb-2\n");
  auto stopped = cli.run_with(config, {"stop", "a", "web-0", "--wait", "-o", "value", "--fields", "id,state"});
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.out == "fake-1000\tstopped\n");
  auto none = cli.run_with(config, {"get", "a", "web-9"});
  CHECK(none.exit_code == 4);
  CHECK(contains(none.err, "no instance has the id or the name \"web-9\""));
}

TEST_CASE("delete at a terminal: typing the name confirms - several ids are confirmed by their number") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto one = at_terminal(config, {"delete", "a", "fake-1001", "-o", "value", "--fields", "id,operation"}, 100,
                         "db-1\n");
  INFO("output: ", one.out);
  CHECK(one.exit_code == 0);
  CHECK(contains(one.out, "Deleting instance fake-1001 on a cannot be undone. Type its name (db-1) to confirm: "));
  CHECK(contains(one.out, "fake-1001\tdelete\n"));
  auto two = at_terminal(config, {"delete", "a", "fake-1001", "fake-1002", "-o", "value", "--fields", "id"}, 100,
                         "2\n");
  INFO("output: ", two.out);
  CHECK(two.exit_code == 0);
  CHECK(contains(two.out, "fake-1001\nfake-1002\n"));
}

TEST_CASE("list --filter - --sort-by - --limit through the binary, in every format") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto running = cli.run_with(config, {"list", "--provider", "a", "--filter", "(state=running OR state=pending) AND NOT name=web-9",
                                       "-o", "value", "--fields", "id"});
  CHECK(running.exit_code == 0);
  CHECK(running.out == "fake-1000\nfake-1002\n");
  auto sorted = cli.run_with(config, {"list", "--sort-by", "~id,provider", "--limit", "3", "-o", "value",
                                      "--fields", "provider,id"});
  CHECK(sorted.exit_code == 0);
  CHECK(sorted.out == "a\tfake-1003\na\tfake-1002\nb\tfake-1002\n");
  auto streamed = cli.run_with(config, {"list", "-o", "ndjson", "--limit", "3", "--fields", "id"});
  CHECK(lines_of(streamed.out).size() == 3);
  auto in_order = cli.run_with(config, {"list", "-o", "csv", "--filter", "name~'web-[0-1]' OR name=db-1",
                                        "--fields", "provider,id"});
  CHECK(in_order.out == "provider,id\r\na,fake-1001\r\nb,fake-1001\r\n");
  auto table = cli.run_with(config, {"list", "--filter", "(state=stopped)", "--fields", "provider,id", "--no-headers"});
  CHECK(table.out == "a  fake-1001\nb  fake-1001\n");

  auto mistake = cli.run_with(config, {"list", "--filter", "state=running AND vcpus>="});
  CHECK(mistake.exit_code == 2);
  CHECK(mistake.out.empty());
  CHECK(contains(mistake.err, "at column 26:\n  state=running AND vcpus>=\n                           ^\n"));
  auto bad_key = cli.run_with(config, {"list", "--sort-by", "nmae"});
  CHECK(bad_key.exit_code == 2);
  CHECK(contains(bad_key.err, "--sort-by: unknown key \"nmae\" (did you mean \"name\"?)"));
}
