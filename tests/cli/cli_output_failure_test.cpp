// Output that cannot be written (issue 22, defects 1 and 2), with the real binary's stdout and stderr at
// /dev/full, closed, or a pipe whose reader is gone: a diagnostic that cannot be written never ends the
// work or changes its exit code, and a result that cannot be written is never a silent success.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <csignal>
#include <set>

namespace {

bool contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

char const* name_of(Sink sink) {
  switch (sink) {
    case Sink::full:
      return "/dev/full";
    case Sink::closed:
      return "closed";
    case Sink::broken_pipe:
      return "a pipe without a reader";
    default:
      return "captured";
  }
}

/// `polycloud --config CONFIG ARGS…` with the given streams. SIGPIPE is ignored (as a supervisor or a
/// Python parent leaves it) so that a broken pipe is the EPIPE write error the CLI must notice, not a
/// signal that ends it first.
ProcessResult run_cli(std::string const& config, std::vector<std::string> args, ProcessStreams const& streams) {
  std::vector<std::string> argv{"/bin/sh", "-c", "trap '' PIPE; exec \"$@\"", "sh", POLYCLOUD_CLI_BINARY, "--config",
                                config};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {{"NO_COLOR", "1"}}, std::chrono::seconds(60), streams);
}

std::vector<std::string> const create_args{"create", "a", "--name", "web-1", "--size", "small", "--image", "ubuntu",
                                           "-o", "json"};
}  // namespace

TEST_CASE("stderr full or closed: create - list and a failing get run to their normal end and exit code") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  for (auto const sink : {Sink::full, Sink::closed, Sink::broken_pipe}) {
    CAPTURE(name_of(sink));
    ProcessStreams streams;
    streams.err = sink;
    // create prints progress lines on stderr all along, and the VM on stdout once it runs.
    auto created = run_cli(config, create_args, streams);
    CHECK(created.signal == 0);  // was SIGABRT: the progress line's write threw out of a destructor
    CHECK(created.exit_code == 0);
    auto const vm = parse_output(created.out).as_object();
    CHECK(vm.at("name") == "web-1");
    CHECK(vm.at("state") == "running");

    auto listed = run_cli(config, {"list", "-o", "json"}, streams);
    CHECK(listed.signal == 0);
    CHECK(listed.exit_code == 0);
    CHECK(parse_output(listed.out).as_array().size() == 7);

    // The error line cannot be written: the exit code still says what happened.
    auto missing = run_cli(config, {"get", "a", "no-such-vm"}, streams);
    CHECK(missing.signal == 0);
    CHECK(missing.exit_code == 4);
    auto usage = run_cli(config, {"list", "--bogus"}, streams);
    CHECK(usage.signal == 0);
    CHECK(usage.exit_code == 2);
  }
}

TEST_CASE("stdout full - closed or a broken pipe: list - get and create exit 6 and say so on stderr") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  for (auto const sink : {Sink::full, Sink::closed, Sink::broken_pipe}) {
    CAPTURE(name_of(sink));
    ProcessStreams streams;
    streams.out = sink;
    for (auto const& args : std::vector<std::vector<std::string>>{{"list"},
                                                                  {"list", "-o", "json"},
                                                                  {"list", "-o", "ndjson"},
                                                                  {"list", "-o", "csv"},
                                                                  {"get", "a", "fake-1000"},
                                                                  {"providers"}}) {
      auto const command = args.front() + (args.size() > 1 ? " " + args.back() : std::string());
      CAPTURE(command);
      auto result = run_cli(config, args, streams);
      CHECK(result.signal == 0);
      CHECK(result.exit_code == 6);
      CHECK(contains(result.err, "polycloud: cannot write the output to stdout: "));
    }
    // The VM exists: stderr names it, so no one retries the create and makes a second one.
    auto created = run_cli(config, create_args, streams);
    CHECK(created.signal == 0);
    CHECK(created.exit_code == 6);
    CHECK(contains(created.err, "; it held the VM created on a with id fake-"));
    CHECK(contains(created.err, " (web-1)\n"));
    // A failure keeps its own code: its error line is the one to act on.
    auto missing = run_cli(config, {"get", "a", "no-such-vm"}, streams);
    CHECK(missing.exit_code == 4);
  }
}

TEST_CASE("stdout: a listing larger than stdio's buffer is whole and in order - unwritable it still exits 6") {
  // A page of output from 16 KiB up skips stdio (one write(2) instead of three): the output must stay
  // whole and in order, and an unwritable stdout must still end in exit 6.
  // The simulator answers in one page (a fake's pages hold one VM), so the output goes in big pieces.
  cli_test::Simulated sim{{}, 300};
  CliFixture cli;
  auto const config = cli.write_config(R"({"providers": {"a": )" + sim.block() + "}}");
  std::vector<std::string> ids;
  for (auto const* format : {"json", "ndjson"}) {
    CAPTURE(format);
    auto listed = run_cli(config, {"list", "-o", format}, ProcessStreams{});
    REQUIRE(listed.exit_code == 0);
    REQUIRE(listed.out.size() > 3 * 16384);
    boost::json::array instances;
    if (std::string_view{format} == "json") {
      instances = boost::json::parse(listed.out).as_array();
    } else {
      for (auto const& line : lines_of(listed.out)) instances.push_back(boost::json::parse(line));
    }
    REQUIRE(instances.size() > 100);  // the simulator puts about half of its VMs in this project
    std::vector<std::string> listed_ids;
    for (auto const& instance : instances) listed_ids.emplace_back(instance.at("id").as_string());
    if (ids.empty()) ids = listed_ids;
    CHECK(listed_ids == ids);  // the same VMs in the same order in both formats
  }
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  for (auto const sink : {Sink::full, Sink::broken_pipe}) {
    CAPTURE(name_of(sink));
    ProcessStreams streams;
    streams.out = sink;
    auto result = run_cli(config, {"list", "-o", "json"}, streams);
    CHECK(result.signal == 0);
    CHECK(result.exit_code == 6);
    CHECK(contains(result.err, "polycloud: cannot write the output to stdout: "));
  }
}

TEST_CASE("stdout and stderr both unwritable: the exit code alone still tells the write failure") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  ProcessStreams streams;
  streams.out = Sink::full;
  streams.err = Sink::closed;
  auto created = run_cli(config, create_args, streams);
  CHECK(created.signal == 0);
  CHECK(created.exit_code == 6);
  auto help = run_cli(config, {"--help"}, streams);
  CHECK(help.signal == 0);
  CHECK(help.exit_code == 6);
}
