// The CLI conventions of issue 13 against in-memory "fake" providers: --fields, --no-headers, bulk
// actions, wait, typos and help, completion, and what a person at a terminal sees (on a real pty).
#include "cli_fixture.hpp"
#include "zsh_tab.hpp"
#include "terminal_process.hpp"

#include <doctest/doctest.h>

#include <sstream>

namespace json = boost::json;

namespace {


bool contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

/// On a terminal, as a person: NO_COLOR so escapes in the output are only those we look for.
ProcessResult at_terminal(std::string const& config, std::vector<std::string> args, int columns = 100) {
  args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config});
  return run_in_terminal(args, {{"NO_COLOR", "1"}, {"TERM", "xterm"}}, columns);
}
}  // namespace

TEST_CASE("--fields selects keys and columns in its order for every format") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto fields = [&](std::string const& format) {
    return cli.run_with(config, {"list", "--provider", "a", "-o", format, "--fields", "id,name,state"});
  };
  auto const all = parse_output(fields("json").out).as_array();
  REQUIRE(all.size() == 4);
  CHECK(json::serialize(all[0]) == R"({"id":"fake-1000","name":"web-0","state":"running"})");
  CHECK(lines_of(fields("ndjson").out).front() == R"({"id":"fake-1000","name":"web-0","state":"running"})");
  auto const csv = lines_of(fields("csv").out);
  CHECK(csv[0] == "id,name,state\r");
  CHECK(csv[1] == "fake-1000,web-0,running\r");
  auto const table = lines_of(fields("table").out);
  CHECK(table[0] == "ID         NAME   STATE");
  CHECK(table[1] == "fake-1000  web-0  running");
  auto one = cli.run_with(config, {"get", "a", "fake-1000", "-o", "json", "--fields", "state,id"});
  CHECK(json::serialize(parse_output(one.out)) == R"({"state":"running","id":"fake-1000"})");
}

TEST_CASE("--fields with an unknown key is a usage error with a suggestion") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(two_fakes), {"list", "--fields", "id,nmae"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(contains(result.err, "unknown field \"nmae\" (did you mean \"name\"?)"));
}

TEST_CASE("--no-headers drops the header row of table and csv") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto table = cli.run_with(config, {"list", "--no-headers", "--fields", "id"});
  CHECK(lines_of(table.out).size() == 7);
  CHECK(lines_of(table.out).front() == "fake-1000");
  auto csv = cli.run_with(config, {"list", "--no-headers", "-o", "csv"});
  CHECK(lines_of(csv.out).size() == 7);
  CHECK(csv.out.rfind("a,fake,fake-1000,", 0) == 0);
}

TEST_CASE("json is pretty-printed on a terminal and compact in a pipe") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto piped = cli.run_with(config, {"list", "-o", "json", "--fields", "id"});
  CHECK(piped.out.rfind(R"([{"id":"fake-1000"},{"id":"fake-1001"})", 0) == 0);
  auto shown = at_terminal(config, {"list", "-o", "json", "--fields", "id", "--provider", "b"});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out ==
        "[\n  {\n    \"id\": \"fake-1000\"\n  },\n  {\n    \"id\": \"fake-1001\"\n  },\n  {\n    \"id\": "
        "\"fake-1002\"\n  }\n]\n");
  // Several providers go through the in-order writer: its separators must keep the same layout.
  auto both = at_terminal(config, {"list", "-o", "json", "--fields", "provider"});
  std::string expected = "[";
  for (auto const* provider : {"a", "a", "a", "a", "b", "b", "b"})
    expected += std::string(expected.size() > 1 ? "," : "") + "\n  {\n    \"provider\": \"" + provider + "\"\n  }";
  CHECK(both.out == expected + "\n]\n");
}

TEST_CASE("delete asks for the name when stdin is a terminal - not in a script") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto refused = run_in_terminal({POLYCLOUD_CLI_BINARY, "--config", config, "delete", "a", "fake-1000"},
                                 {{"NO_COLOR", "1"}, {"TERM", "xterm"}}, 100, std::chrono::seconds(60), "\n");
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.out, "Type its name (web-0) to confirm"));
  CHECK(contains(refused.out, "nothing was deleted"));
  auto confirmed = at_terminal(config, {"delete", "a", "fake-1000", "--yes", "-o", "json"});
  CHECK(confirmed.exit_code == 0);
  auto scripted = cli.run_with(config, {"delete", "a", "fake-1000"});  // stdin is /dev/null
  CHECK(scripted.exit_code == 0);
}

TEST_CASE("several ids per action: one record each - a failing id is reported and the rest still run") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto stopped = cli.run_with(config, {"stop", "a", "fake-1000", "fake-1002", "--wait", "-o", "json"});
  CHECK(stopped.exit_code == 0);
  auto const records = parse_output(stopped.out).as_array();
  REQUIRE(records.size() == 2);
  CHECK(records[1].at("id") == "fake-1002");
  CHECK(records[1].at("state") == "stopped");

  auto partial = cli.run_with(config, {"start", "a", "fake-1000", "fake-9999", "fake-1001", "-o", "json"});
  CHECK(partial.exit_code == 5);
  CHECK(parse_output(partial.out).as_array().size() == 2);
  CHECK(lines_of(partial.err).size() == 1);
  CHECK(contains(partial.err, "fake-9999"));
}

TEST_CASE("delete --ignore-missing treats an id that is gone as deleted") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto strict = cli.run_with(config, {"delete", "a", "fake-9999"});
  CHECK(strict.exit_code == 4);
  auto lenient = cli.run_with(config, {"delete", "a", "fake-9999", "--ignore-missing", "--wait", "-o", "json"});
  CHECK(lenient.exit_code == 0);
  CHECK(parse_output(lenient.out).at("state") == "terminated");
}

TEST_CASE("wait prints the instance once it is in the state - times out with a progress line") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto reached = cli.run_with(config, {"wait", "a", "fake-1000", "--state", "running", "-o", "json"});
  CHECK(reached.exit_code == 0);
  CHECK(parse_output(reached.out).at("id") == "fake-1000");
  auto late = cli.run_with(config, {"wait", "a", "fake-1001", "--state", "running", "--timeout", "1"});
  CHECK(late.exit_code == 1);
  CHECK(late.out.empty());
  CHECK(contains(late.err, "a: wait fake-1001 for running: state: stopped"));
  CHECK(contains(late.err, "timeout"));
}

TEST_CASE("typos: did you mean - and an unknown command is named as such") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto command = cli.run_with(config, {"lsit"});
  CHECK(command.exit_code == 2);
  CHECK(contains(command.err, "unknown command \"lsit\" (did you mean \"list\"?)"));
  CHECK_FALSE(contains(command.err, "subcommand is required"));
  auto far = cli.run_with(config, {"frobnicate"});
  CHECK(contains(far.err, "unknown command \"frobnicate\""));
  CHECK_FALSE(contains(far.err, "subcommand is required"));
  auto option = cli.run_with(config, {"list", "--stat", "running"});
  CHECK(option.exit_code == 2);
  CHECK(contains(option.err, "unknown option \"--stat\" for list (did you mean \"--state\"?)"));
  auto before = cli.run_with(config, {"--outptu", "json", "list"});
  CHECK(before.exit_code == 2);
  CHECK(contains(before.err, "unknown option \"--outptu\" (did you mean \"--output\"?)"));
  auto state = cli.run_with(config, {"list", "--state", "runing"});
  CHECK(contains(state.err, "did you mean \"running\""));
}

TEST_CASE("help: every command shows the global options and an example - --state lists the states") {
  CliFixture cli;
  for (std::string const command : {"providers", "list", "get", "create", "delete", "start", "stop", "reboot", "wait",
                                    "sandbox", "demo", "completion"}) {
    auto help = cli.run({command, "--help"});
    INFO("command: ", command);
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "--output"));
    CHECK(contains(help.out, "--config"));
    CHECK(contains(help.out, "Example:\n  polycloud " + command));
  }
  for (std::string const command : {"list", "wait"})
    CHECK(contains(cli.run({command, "--help"}).out,
                   "pending, running, stopping, stopped, suspended, rebooting, terminated, error or unknown"));
}

TEST_CASE("--timeout 0 gives its range as a person would write it") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(two_fakes), {"stop", "a", "fake-1000", "--timeout", "0"});
  CHECK(result.exit_code == 2);
  CHECK(contains(result.err, "--timeout: expected 1 to 604800 seconds, got 0"));
  CHECK(result.err.size() < 120);
}

TEST_CASE("completion: bash completes commands - options - and provider names from the config") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  for (std::string const shell : {"bash", "zsh", "fish"}) {
    auto script = cli.run({"completion", shell});
    INFO("shell: ", shell);
    CHECK(script.exit_code == 0);
    CHECK(contains(script.out, "polycloud"));
    CHECK(contains(script.out, "state"));
    CHECK(contains(script.out, "running"));
  }
  auto const script_path = cli.write_config(cli.run({"completion", "bash"}).out, "polycloud.bash");
  auto complete = [&](std::string const& line) {
    auto const program = "source '" + script_path + "'; COMP_WORDS=(" + line + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1));" +
                         " _polycloud; printf '%s\\n' \"${COMPREPLY[@]}\"";
    // the provider names come from running polycloud itself, found on PATH
    auto const bin_dir = std::filesystem::path(POLYCLOUD_CLI_BINARY).parent_path().string();
    return run_process({"/bin/bash", "-c", program},
                       {{"PATH", bin_dir + ":/usr/bin:/bin"}, {"POLYCLOUD_CONFIG", config}})
        .out;
  };
  CHECK(complete("polycloud li") == "list\n");
  CHECK(complete("polycloud list --st") == "--state\n");
  CHECK(complete("polycloud list --state ru") == "running\n");
  auto const after_get = complete("polycloud get ''");
  CHECK(contains(after_get, "\n--raw\n"));
  CHECK(after_get.ends_with("\na\nb\n"));  // the configured provider names
}

TEST_CASE("progress on a narrow terminal: every redraw fits the width - success clears the bar") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  std::string const long_name = "a-very-long-virtual-machine-name-that-would-wrap-at-fifty-columns";
  auto result = at_terminal(config,
                            {"create", "a", "--name", long_name, "--size", "small", "--image", "ubuntu", "-o", "json"}, 50);
  CHECK(result.exit_code == 0);
  auto const record_start = result.out.find('{');
  REQUIRE(record_start != std::string::npos);
  auto const progress = result.out.substr(0, record_start);
  CHECK(progress.find('\n') == std::string::npos);  // no stacked lines: each update redraws in place
  std::size_t redraws = 0;
  std::istringstream in(progress);
  for (std::string segment; std::getline(in, segment, '\r');) {
    if (auto clear = segment.find("\x1b[K"); clear != std::string::npos) segment.erase(clear);
    auto const columns = std::count_if(segment.begin(), segment.end(),  // code points: "…" is 3 bytes, 1 column
                                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    INFO("segment: ", segment);
    CHECK(columns < 50);
    redraws += segment.empty() ? 0 : 1;
  }
  CHECK(redraws >= 2);
  CHECK(contains(progress, "100%"));
  CHECK(progress.size() >= 4);
  CHECK(progress.substr(progress.size() - 4) == "\r\x1b[K");  // cleared before the record
  CHECK(parse_output(result.out.substr(record_start)).at("name").as_string() == long_name);
}

TEST_CASE("completion zsh is a native compdef function that zsh parses and registers") {
  CliFixture cli;
  auto script = cli.run({"completion", "zsh"});
  REQUIRE(script.exit_code == 0);
  auto const& text = script.out;
  CHECK(text.rfind("#compdef polycloud\n", 0) == 0);
  CHECK_FALSE(contains(text, "bashcompinit"));
  CHECK_FALSE(contains(text, "COMPREPLY"));
  CHECK(contains(text, "_arguments"));
  for (auto const* command : {"providers", "list", "get", "create", "delete", "start", "stop", "reboot", "wait",
                              "sandbox", "demo", "completion"})
    CHECK(contains(text, std::string("\n    '") + command + ":"));  // in the commands _describe offers
  CHECK(contains(text, "'(--output -o)--output[Output format: table, json, ndjson, csv or value]:output:(table json ndjson csv value)'"));
  CHECK(contains(text, "'(--output -o)-o[Output format: table, json, ndjson, csv or value]:output:(table json ndjson csv value)'"));
  CHECK(contains(text, ":state:(pending running stopping stopped suspended rebooting terminated error unknown)'"));
  CHECK(contains(text, "]:timeout (1-604800): '"));
  CHECK(contains(text, "'*--provider[Only this configured provider (repeatable)]:provider:_polycloud_providers'"));
  CHECK(contains(text, "'1:provider:_polycloud_providers'"));  // get, create, the actions, wait
  CHECK(contains(text, "'*:Instance id (several\\: each in turn): '"));  // several ids per action
  CHECK(contains(text, "]:config:_files'"));
  CHECK(contains(text, "'1:bash, zsh or fish:(bash zsh fish)'"));

  auto const path = cli.write_config(text, "_polycloud");
  auto syntax = run_process({"/usr/bin/env", "zsh", "-n", path});  // zsh comes with scripts/install-deps
  INFO("zsh -n: ", syntax.err);
  CHECK(syntax.exit_code == 0);
  // Sourced after compinit, it registers itself for the polycloud command.
  auto const dump = (cli.dir() / "zcompdump").string();
  auto registered = run_process({"/usr/bin/env", "zsh", "-f", "-c",
                                 "autoload -U compinit && compinit -u -d '" + dump + "' && source '" + path +
                                     "' && print -r -- $_comps[polycloud]"});
  INFO("zsh: ", registered.err);
  CHECK(registered.out == "_polycloud\n");
}


TEST_CASE("completion zsh offers commands - option values - and provider names on Tab") {
  CliFixture cli;
  auto const script = cli.write_config(cli.run({"completion", "zsh"}).out, "_polycloud");
  auto const driver = cli.write_config(zsh_tab, "tab.zsh");
  auto const config = cli.write_config(two_fakes);
  auto const other = cli.write_config(R"({"providers": {"elsewhere": {"type": "fake"}}})", "other.json");
  auto const bin_dir = std::filesystem::path(POLYCLOUD_CLI_BINARY).parent_path().string();
  auto tab = [&](std::string const& line) {
    auto result = run_process({"/usr/bin/env", "zsh", "-f", driver, script, line},
                              {{"PATH", bin_dir + ":/usr/bin:/bin"},
                               {"POLYCLOUD_CONFIG", config},
                               {"TMPDIR", cli.dir().string()}},
                              std::chrono::seconds(30));
    std::string candidates;
    for (auto const& candidate : zsh_tab_candidates(result.out)) candidates += (candidates.empty() ? "" : " ") + candidate;
    return candidates;
  };
  CHECK(tab("polycloud li") == "list");
  CHECK(tab("polycloud ") == "providers list get catalog create delete start stop reboot wait watch export diff pending sandbox demo config version completion");
  CHECK(tab("polycloud list --state ru") == "running");
  CHECK(tab("polycloud -o ") == "table json ndjson csv value");
  CHECK(tab("polycloud list --provider ") == "a b");
  CHECK(tab("polycloud get ") == "a b");
  CHECK(tab("polycloud --config " + other + " stop ") == "elsewhere");  // the config on the line
  CHECK(tab("polycloud stop --config " + other + " ") == "elsewhere");
  CHECK(tab("polycloud stop -o json ") == "a b");  // an option with its value before the provider
  CHECK(tab("polycloud completion ") == "bash zsh fish");
  auto const options = tab("polycloud stop a fake-1000 --");
  CHECK(contains(options, "--wait"));
  CHECK(contains(options, "--timeout"));
  CHECK(contains(options, "--output"));  // global options after the command too
}

TEST_CASE("help shows the output option's value name apart from its description") {
  // CLI11 appended the validator's "{table,json,ndjson,csv,value}" to FMT, running into "Output format".
  CliFixture cli;
  auto help = cli.run({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("FMT:{") == std::string::npos);
  CHECK(help.out.find("Output format: table, json, ndjson, csv or value") != std::string::npos);
  auto wrong = cli.run({"-o", "xml", "providers"});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("{table,json,ndjson,csv,value}") != std::string::npos);  // the error still lists them
}

TEST_CASE("help names every place the config is looked for - in the order they are tried") {
  // The help skipped $XDG_CONFIG_HOME, which load_config searches between the two it named.
  CliFixture cli;
  auto help = cli.run({"list", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "$POLYCLOUD_CONFIG, then $XDG_CONFIG_HOME/polycloud/config.json, then "
                           "~/.config/polycloud/config.json"));
}
