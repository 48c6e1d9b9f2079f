// Issue 22 through the real binary: config values that used to send a token elsewhere, hang the CLI or
// reach a shell are config errors (exit 2) naming the key; an unusable trace file is reported once.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {
/// `polycloud --config CONFIG ARGS…` with extra environment variables.
ProcessResult run_env(std::string const& config, std::vector<std::string> args,
                      std::map<std::string, std::string> env) {
  args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config});
  env.emplace("NO_COLOR", "1");
  return run_process(args, env);
}
}  // namespace

// Defect 7: OpenSSL's read of a FIFO blocked for ever, even for `providers`, whatever timeout_s said.
TEST_CASE("a ca_file that is a FIFO is a config error for providers - not a hang") {
  CliFixture cli;
  auto const fifo = cli.dir() / "ca.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto const config = cli.write_config(
      R"({"providers": {"alg": {"type": "openscaler", "project_id": "default", "token": "${T}",
          "endpoint": "https://127.0.0.1:9/v1", "ca_file": ")" + fifo.string() + R"(", "timeout_s": 1}}})");
  auto result = run_env(config, {"providers"}, {{"T", "ca-fifo-token-1"}});
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("ca_file '" + fifo.string() + "' cannot be read: not a regular file (a FIFO)") !=
        std::string::npos);
}

// Defects 3, 10, 6 and 11, each a config error naming the key, whatever the command.
TEST_CASE("a wrapped port or a query or a bad provider name or ~/ without HOME fail providers with exit 2") {
  CliFixture cli;
  std::ofstream(cli.dir() / "tok") << "file-token-1234\n";
  fs::permissions(cli.dir() / "tok", fs::perms::owner_read | fs::perms::owner_write);
  auto expect_refused = [&](std::string const& json, std::string const& expected,
                            std::map<std::string, std::string> env = {}) {
    auto result = run_env(cli.write_config(json), {"providers", "-o", "json"}, env);
    CHECK_MESSAGE(result.exit_code == 2, json);
    CHECK_MESSAGE(result.err.find(expected) != std::string::npos, result.err);
    CHECK(result.out.empty());
    return result.err;
  };
  std::string const tok = (cli.dir() / "tok").string();
  auto with = [&](std::string const& extra) {
    return R"({"providers": {"alg": {"type": "openscaler", "project_id": "default", "token_file": ")" + tok + "\", " +
           extra + "}}}";
  };
  expect_refused(with(R"("endpoint": "http://127.0.0.1:107583/v1")"), "providers.alg.endpoint: expected a port from 1 to 65535");
  auto const query = expect_refused(with(R"("endpoint": "http://127.0.0.1:8080/v1?api_key=query-Secret-99")"),
                                    "providers.alg.endpoint: must not have a query");
  CHECK(query.find("query-Secret-99") == std::string::npos);
  expect_refused(R"x({"providers": {"a$(touch pwned)": {"type": "fake"}}})x",
                 "providers.\"a$(touch pwned)\": a provider name must be 1 to 63 characters");
  expect_refused(R"({"providers": {"alg": {"type": "openscaler", "project_id": "default", "token_file": "~/tok"}}})",
                 "providers.alg.token_file: starts with ~/ but HOME is not set (or empty)", {{"HOME", ""}});
  expect_refused("{\"providers\": {\"alg\": {\"type\": \"fake\",\n\"endpoint\": \"http://127.0.0.1:1\",\n"
                 "\"endpoint\": \"http://127.0.0.1:2\"}}}",
                 "providers.alg.endpoint: duplicate key, on line 2 and again on line 3");
}

// Decision (docs/reliability.md): an unusable POLYCLOUD_TRACE_FILE is reported once and the work goes on.
TEST_CASE("a trace file that is a FIFO or a symlink is reported once on stderr and the command succeeds") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto const fifo = cli.dir() / "trace.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto result = run_env(config, {"list", "-o", "json"}, {{"POLYCLOUD_TRACE_FILE", fifo.string()}});
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 0);
  CHECK(result.err == "polycloud: warning: POLYCLOUD_TRACE_FILE " + fifo.string() +
                          " is not used: not a regular file (a FIFO)\n");
  CHECK(parse_output(result.out).as_array().size() == 7);

  auto const target = cli.dir() / "elsewhere.log";
  std::ofstream(target) << "";
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  fs::create_symlink(target, cli.dir() / "trace.link");
  auto linked = run_env(config, {"list", "-o", "json"}, {{"POLYCLOUD_TRACE_FILE", (cli.dir() / "trace.link").string()}});
  CHECK(linked.exit_code == 0);
  CHECK(linked.err == "polycloud: warning: POLYCLOUD_TRACE_FILE " + (cli.dir() / "trace.link").string() +
                          " is not used: a symbolic link (not followed)\n");
  CHECK(fs::file_size(target) == 0);
}
