// --ssh-key's rule (issue 22, defect 5; docs/cli.md): a value that is an OpenSSH public key line is the
// key; anything else must be a readable file, pipe or /dev/stdin holding key lines, one key a line.
// Everything else is a usage error (exit 2) naming the path and the reason, before anything is sent:
// the old rule sent a path that did not name a regular file as if it were the key.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>

namespace {

// Well-formed key lines: each blob starts with its own type string (the key material is made up).
std::string const ed25519 =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f me@laptop";
std::string const rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAAwDBAQ== ops";

bool contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

struct KeyCli {
  cli_test::Simulated sim;
  CliFixture cli;
  std::string config = cli.write_config(fmt::format(R"({{"providers": {{"alg": {}}}}})", sim.block()));

  std::uint64_t requests() { return sim.server->stats().snapshot().requests_total; }

  /// `polycloud --dry-run create alg … --ssh-key VALUE`, through bash so that VALUE may be `<(…)`.
  ProcessResult create(std::string const& value_in_bash, ProcessStreams const& streams = {},
                       std::string const& timeout = "60") {
    auto const line = fmt::format("exec '{}' --config '{}' --dry-run create alg --name web-1 --size s --image i "
                                  "--no-wait --timeout {} --ssh-key {}",
                                  POLYCLOUD_CLI_BINARY, config, timeout, value_in_bash);
    return run_process({"/bin/bash", "-c", line}, {{"KEY", ed25519}, {"NO_COLOR", "1"}}, std::chrono::seconds(60),
                       streams);
  }

  std::string file(std::string const& name, std::string const& content) {
    auto const path = cli.dir() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
};

/// The key texts the dry run's POST body carries (OpenScaler's ssh_keys array).
std::string sent_keys(ProcessResult const& result) {
  auto const body = result.out.substr(result.out.find("\n\n") + 2);
  auto const json = boost::json::parse(body.substr(0, body.find('\n'))).as_object();
  std::string keys;
  for (auto const& key : json.at("ssh_keys").as_array()) keys += std::string(key.as_string()) + "\n";
  return keys;
}

}  // namespace

TEST_CASE("--ssh-key takes key text - a file of key lines - a process substitution and /dev/stdin") {
  KeyCli keys;
  auto text = keys.create("\"$KEY\"");
  INFO("stderr: ", text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(sent_keys(text) == ed25519 + "\n");

  // Several keys in one file, one a line; blank lines and CRLF endings are fine.
  auto const path = keys.file("keys.pub", ed25519 + "\r\n\n" + rsa + "\n");
  auto from_file = keys.create("'" + path + "'");
  REQUIRE(from_file.exit_code == 0);
  CHECK(sent_keys(from_file) == ed25519 + "\n" + rsa + "\n");

  // `ssh-add -L` piped in: /dev/fd/N is a pipe, not a regular file.
  auto substituted = keys.create("<(printf '%s\\n' \"$KEY\")");
  INFO("stderr: ", substituted.err);
  REQUIRE(substituted.exit_code == 0);
  CHECK(sent_keys(substituted) == ed25519 + "\n");

  ProcessStreams streams;
  streams.in = rsa + "\n";
  auto from_stdin = keys.create("/dev/stdin", streams);
  REQUIRE(from_stdin.exit_code == 0);
  CHECK(sent_keys(from_stdin) == rsa + "\n");
  CHECK(keys.requests() == 0);  // dry runs
}

TEST_CASE("--ssh-key refuses a missing path - a directory - /dev/zero - garbage and a silent pipe before sending") {
  KeyCli keys;
  auto const fifo = (keys.cli.dir() / "silent.fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  struct Refused {
    std::string value, reason;
    std::string timeout = "60";
  };
  // A key whose blob names another type is not a key: read as a path, which does not exist.
  auto const wrong_type = "ssh-rsa " + ed25519.substr(ed25519.find(' ') + 1);
  std::string const missing = "not a public key, and not a readable file: No such file or directory";
  for (auto const& refused : std::vector<Refused>{
           {keys.cli.dir().string() + "/id_ed25519.pub", missing},
           {"'" + wrong_type + "'", missing},
           {keys.cli.dir().string(), "not a public key, and a directory, not a file"},
           {"/dev/zero", "larger than 64 KiB"},
           {keys.file("garbage", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)),
            "line 1 is not an OpenSSH public key line"},
           {keys.file("mixed", ed25519 + "\nPRIVATE KEY\n"), "line 2 is not an OpenSSH public key line"},
           {keys.file("empty", "\n\n"), "holds no public key"},
           {keys.file("huge", std::string(70 * 1024, 'a')), "larger than 64 KiB"},
           {fifo, "no end of the file arrived within the create's --timeout", "1"}}) {
    CAPTURE(refused.value);
    auto result = keys.create(refused.value, {}, refused.timeout);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "--ssh-key "));
    CHECK(contains(result.err, refused.reason));
    CHECK(result.out.empty());  // not even the dry run's request: nothing was built
  }
  CHECK(keys.requests() == 0);
}

TEST_CASE("--ssh-key waiting on a pipe ends at SIGINT with exit 130") {
  KeyCli keys;
  auto const fifo = (keys.cli.dir() / "slow.fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  BackgroundProcess create({POLYCLOUD_CLI_BINARY, "--config", keys.config, "--dry-run", "create", "alg", "--name", "w",
                            "--size", "s", "--image", "i", "--ssh-key", fifo},
                           (keys.cli.dir() / "create").string());
  REQUIRE(create.started());
  // Opening the FIFO for writing returns once the CLI has opened it for reading: from then on it waits
  // for the key, and a signal at any moment of that wait (even before it began) must end it.
  auto writer = std::async(std::launch::async, [&] { return ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC); });
  if (writer.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    ::close(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));  // releases the writer
    FAIL("the CLI never opened the FIFO");
  }
  int const held = writer.get();
  auto const stopped = create.stop(SIGINT);
  ::close(held);
  INFO("stderr: ", stopped.err);
  CHECK(stopped.exit_code == 130);
  CHECK(stopped.err.find("polycloud: interrupted by SIGINT") != std::string::npos);
  CHECK(stopped.out.empty());
}
