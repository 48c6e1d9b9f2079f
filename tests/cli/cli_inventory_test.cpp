// `polycloud export` and `polycloud diff` as a user runs them: against the simulators and fake providers,
// with the files an export must refuse. docs/inventory.md, docs/cli.md.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include "sim/faults.hpp"
#include "sim/sandbox.hpp"

#include <polycloud/snapshot.hpp>

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace json = boost::json;

namespace {
std::string contents(std::filesystem::path const& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Two snapshots of two_fakes in one file, one second apart or more.
std::string two_snapshots(CliFixture const& cli, std::string const& config) {
  auto const file = (cli.dir() / "inventory.db").string();
  REQUIRE(cli.run_with(config, {"export", "--to", file}).exit_code == 0);
  REQUIRE(cli.run_with(config, {"export", "--to", file, "--append"}).exit_code == 0);
  return file;
}
}  // namespace

TEST_CASE("export then diff over the simulators print the stop in between as one ndjson state event") {
  polycloud::sim::SandboxOptions options;
  options.instances = 4;
  auto sandbox = polycloud::sim::Sandbox::start(options);
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const file = (cli.dir() / "inventory.db").string();

  auto first = cli.run_with(config, {"export", "--to", file, "-o", "csv", "--no-headers", "--fields", "provider,status"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(lines_of(first.out) == std::vector<std::string>{"alg,complete\r", "alg-staging,complete\r", "byc,complete\r",
                                                        "kat,complete\r"});
  REQUIRE(cli.run_with(config, {"stop", "alg", "8", "--wait"}).exit_code == 0);
  REQUIRE(cli.run_with(config, {"export", "--to", file, "--append"}).exit_code == 0);

  auto diffed = cli.run({"diff", file});
  REQUIRE_MESSAGE(diffed.exit_code == 0, diffed.err);
  auto const lines = lines_of(diffed.out);
  REQUIRE(lines.size() == 1);
  auto const event = json::parse(lines[0]).as_object();
  CHECK(event.at("event") == "state");
  CHECK(event.at("provider") == "alg");
  CHECK(event.at("id") == "8");
  CHECK(event.at("from") == "running");
  CHECK(event.at("to") == "stopped");
  CHECK(event.at("instance").as_object().at("state") == "stopped");

  auto table = cli.run({"diff", file, "-o", "table"});
  REQUIRE(table.exit_code == 0);
  auto const rows = lines_of(table.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].rfind("EVENT", 0) == 0);
  CHECK(rows[1].find("running → stopped") != std::string::npos);
}

TEST_CASE("export marks a provider it cannot reach partial, still completes the snapshot and exits 5") {
  CliFixture cli;
  RefusedPort refused;
  auto const config = cli.write_config(R"({"providers": {"a": {"type": "fake", "instances": 4},
      "gone": {"type": "openscaler", "endpoint": "http://127.0.0.1:)" + std::to_string(refused.port()) +
                                       R"(", "token": "not-a-real-token-123456", "project_id": "p", "timeout_s": 5}}})");
  auto const file = cli.dir() / "inventory.db";
  auto exported = cli.run_with(config, {"export", "--to", file.string(), "-o", "csv", "--no-headers",
                                        "--fields", "provider,status,instances"});
  CHECK(exported.exit_code == 5);
  CHECK(lines_of(exported.out) == std::vector<std::string>{"a,complete,4\r", "gone,partial,0\r"});
  CHECK(exported.err.find("gone: list: unavailable") != std::string::npos);
  auto snapshots = polycloud::list_snapshots(file);
  REQUIRE(snapshots.has_value());
  REQUIRE(snapshots->size() == 1);
  CHECK(snapshots->front().complete);
}

TEST_CASE("diff of a file that is not SQLite exits 2 and says so") {
  CliFixture cli;
  auto const file = cli.dir() / "notes.db";
  std::ofstream(file) << "not a database\n";
  auto diffed = cli.run({"diff", file.string()});
  CHECK(diffed.exit_code == 2);
  CHECK(diffed.err == "polycloud: diff: config: " + file.string() +
                          " is not an SQLite database (not a file `polycloud export` wrote)\n");
}

TEST_CASE("export into an inventory of a newer schema version exits 2 and leaves it unchanged") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto const file = (cli.dir() / "inventory.db").string();
  REQUIRE(cli.run_with(config, {"export", "--to", file}).exit_code == 0);
  {
    // A later polycloud's file: only its version number differs here.
    std::fstream raw(file, std::ios::in | std::ios::out | std::ios::binary);
    raw.seekp(60);  // the header's user_version, big-endian
    raw.write("\0\0\0\x07", 4);
  }
  auto const before = contents(file);
  auto exported = cli.run_with(config, {"export", "--to", file, "--append"});
  CHECK(exported.exit_code == 2);
  CHECK(exported.err.find("has inventory schema version 7; this polycloud reads versions up to 1") != std::string::npos);
  CHECK(contents(file) == before);
  CHECK(cli.run({"diff", file}).exit_code == 2);
}

TEST_CASE("export to a path that cannot be written exits 2 naming it") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  // Permission bits do not bind root (the usual CI user here): /proc/self takes no new file from anyone.
  std::string target = "/proc/self/inventory.db";
  auto const locked = cli.dir() / "locked";
  if (::geteuid() != 0) {
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    target = (locked / "inventory.db").string();
  }
  auto exported = cli.run_with(config, {"export", "--to", target});
  CHECK(exported.exit_code == 2);
  CHECK(exported.err.find("polycloud: export: config: " + target + ": cannot create or write the file there") == 0);
  CHECK(exported.out.empty());
  if (::geteuid() != 0) std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
}

TEST_CASE("an export stopped by a full disk exits 1 and leaves no half-written snapshot marked complete") {
  CliFixture cli;
  auto const config = cli.write_config(R"({"providers": {"big": {"type": "fake", "instances": 3000}}})");
  auto const file = (cli.dir() / "inventory.db").string();
  REQUIRE(cli.run_with(config, {"export", "--to", file, "--state", "error"}).exit_code == 0);  // complete, no rows
  // RLIMIT_FSIZE as a full disk (no real disk filled): writes past 100-200 KiB fail with EFBIG; the shell
  // ignores SIGXFSZ so the write fails instead of killing the process.
  auto full = run_process({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 200; exec \"$@\"", "sh", POLYCLOUD_CLI_BINARY,
                           "--config", config, "export", "--to", file, "--append"});
  CHECK(full.exit_code == 1);
  CHECK(full.err.find("polycloud: export: unavailable: " + file + ": cannot write") == 0);
  CHECK(full.err.find("is not marked complete") != std::string::npos);
  auto snapshots = polycloud::list_snapshots(file);
  REQUIRE(snapshots.has_value());
  REQUIRE(snapshots->size() == 2);
  CHECK(snapshots->front().complete);
  CHECK_FALSE(snapshots->back().complete);
  // Nothing to compare: the unfinished snapshot is not one.
  auto diffed = cli.run({"diff", file});
  CHECK(diffed.exit_code == 4);
  CHECK(diffed.err.find("holds 1 complete snapshot(s)") != std::string::npos);
}

TEST_CASE("an export interrupted by SIGINT mid-listing exits 130 and leaves a valid file whose snapshot diff refuses") {
  cli_test::Simulated sim;
  CliFixture cli;
  auto block = json::parse(sim.block()).as_object();
  block["timeout_s"] = 86'400;  // the stalled page below outlasts the test, never the CLI's timeouts
  block["list_timeout_s"] = 86'400;
  auto const config = cli.write_config(json::serialize(json::object{{"providers", {{"alg", block}}}}));
  auto const file = (cli.dir() / "inventory.db").string();
  REQUIRE(cli.run_with(config, {"export", "--to", file}).exit_code == 0);

  std::string error;
  auto stall = polycloud::sim::parse_fault(
      json::value{{"fault", "stall"}, {"method", "GET"}, {"path", "/v1/vms"}, {"duration_ms", 86'400'000}}, error);
  REQUIRE(stall.has_value());
  sim.server->faults().add(*stall);
  BackgroundProcess exporting({POLYCLOUD_CLI_BINARY, "--config", config, "export", "--to", file, "--append"},
                              (cli.dir() / "export").string());
  REQUIRE(exporting.started());
  // The listing's request reaching the simulator (where it stalls) means the snapshot's "writing" row is
  // committed: the export writes it before it lists.
  auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (sim.server->faults().consumed().empty() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the child process has no other signal
  REQUIRE(sim.server->faults().consumed().size() == 1);
  auto const interrupted = exporting.stop(SIGINT);
  INFO("stderr: ", interrupted.err);
  CHECK_FALSE(interrupted.timed_out);
  CHECK(interrupted.exit_code == 130);
  CHECK(interrupted.err.find("interrupted by SIGINT") != std::string::npos);
  CHECK(interrupted.out.empty());

  // Still an inventory: both snapshots there, the interrupted one not complete.
  auto snapshots = polycloud::list_snapshots(file);
  REQUIRE_MESSAGE(snapshots.has_value(), snapshots.error().to_string());
  REQUIRE(snapshots->size() == 2);
  CHECK(snapshots->front().complete);
  CHECK_FALSE(snapshots->back().complete);
  // diff refuses it, by default (only one complete snapshot to compare) and when named.
  auto latest = cli.run({"diff", file});
  CHECK(latest.exit_code == 4);
  CHECK(latest.err.find("holds 1 complete snapshot(s)") != std::string::npos);
  auto named = cli.run({"diff", file, "--to", polycloud::format_rfc3339(snapshots->back().observed_at)});
  CHECK(named.exit_code == 4);
  INFO("diff --to: ", named.err);
  CHECK(named.err.find("the snapshot at " + polycloud::format_rfc3339(snapshots->back().observed_at) +
                       " is not complete (its export failed or was interrupted)") != std::string::npos);
  // The next export completes and takes its place.
  REQUIRE(cli.run_with(config, {"export", "--to", file, "--append"}).exit_code == 0);
  auto after = polycloud::list_snapshots(file);
  REQUIRE(after.has_value());
  REQUIRE(after->size() == 2);
  CHECK(after->back().complete);
  CHECK(cli.run({"diff", file}).exit_code == 0);
}

TEST_CASE("diff names the snapshot times a file holds when asked for another and refuses a malformed time") {
  CliFixture cli;
  auto const file = two_snapshots(cli, cli.write_config(two_fakes));
  auto unknown = cli.run({"diff", file, "--from", "2001-01-01T00:00:00Z"});
  CHECK(unknown.exit_code == 4);
  CHECK(unknown.err.find("no snapshot at 2001-01-01T00:00:00Z; complete snapshots: ") != std::string::npos);
  auto malformed = cli.run({"diff", file, "--to", "yesterday"});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("expected a snapshot time in UTC such as 2026-12-06T07:00:00Z, got \"yesterday\"") !=
        std::string::npos);
}

TEST_CASE("diff of two unchanged snapshots prints nothing and -o json prints an empty array") {
  CliFixture cli;
  auto const file = two_snapshots(cli, cli.write_config(two_fakes));
  auto ndjson = cli.run({"diff", file});
  CHECK(ndjson.exit_code == 0);
  CHECK(ndjson.out.empty());
  auto array = cli.run({"diff", file, file, "-o", "json"});
  CHECK(array.exit_code == 0);
  CHECK(array.out == "[]\n");
}
