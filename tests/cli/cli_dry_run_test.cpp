// --dry-run shows a command's whole plan without sending anything: the request, then the wait's poll.
// Run against every simulator type of an in-process sandbox.
#include "cli_fixture.hpp"

#include "sim/sandbox.hpp"

#include <doctest/doctest.h>

#include <map>

namespace {
using polycloud::sim::Sandbox;
using polycloud::sim::SandboxProvider;

/// One configured provider of each type: the adapters differ in requests, the plan must not.
std::map<std::string, SandboxProvider const*> one_per_type(Sandbox const& sandbox) {
  std::map<std::string, SandboxProvider const*> providers;
  for (auto const& provider : sandbox.providers()) providers.emplace(provider.type, &provider);
  return providers;
}

std::uint64_t requests_seen(SandboxProvider const& provider) {
  return provider.server->stats().snapshot().requests_total;
}

/// The line starting with `prefix`, or "".
std::string line_starting(std::string const& text, std::string const& prefix) {
  for (auto const& line : lines_of(text))
    if (line.rfind(prefix, 0) == 0) return line;
  return {};
}
}  // namespace

TEST_CASE("--dry-run create shows the create request then the wait's poll with an id placeholder") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const providers = one_per_type(*sandbox);
  for (auto const* type : {"openscaler", "katapult", "bycloud"}) {
    CAPTURE(type);
    REQUIRE(providers.count(type) == 1);
    auto const& provider = *providers.at(type);
    auto const before = requests_seen(provider);
    auto created = cli.run_with(config, {"--dry-run", "create", provider.name, "--name", "dry-web", "--size", "small",
                                         "--image", "debian", "--timeout", "90"});
    INFO("stdout: ", created.out, "\nstderr: ", created.err);
    CHECK(created.exit_code == 0);
    CHECK(created.out.rfind("POST " + provider.endpoint, 0) == 0);
    auto const poll = line_starting(created.out, "GET ");
    CHECK(poll.rfind("GET " + provider.endpoint, 0) == 0);
    CHECK(poll.ends_with("{id}"));  // the id the create would answer with cannot be known
    auto const plan = line_starting(created.out, "# then the wait polls ");
    CHECK(plan.find(poll + " until the state is running") != std::string::npos);
    CHECK(plan.find("at most 90 s") != std::string::npos);
    CHECK(created.out.find(provider.token) == std::string::npos);
    CHECK(requests_seen(provider) == before);  // nothing reached the simulator

    auto no_wait = cli.run_with(config, {"--dry-run", "create", provider.name, "--name", "dry-web", "--size", "small",
                                         "--image", "debian", "--no-wait"});
    CHECK(no_wait.exit_code == 0);
    CHECK(no_wait.out.find("# then") == std::string::npos);
    CHECK(line_starting(no_wait.out, "GET ").empty());
  }
}

// Issue 22: a VM password is a credential too. --dry-run printed `--option password=…` in the body
// (and the trace file got the same text); it is REDACTED like the token.
TEST_CASE("--dry-run create shows a password option REDACTED") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const& provider = *one_per_type(*sandbox).at("openscaler");
  auto created = cli.run_with(config, {"--dry-run", "create", provider.name, "--name", "dry-web", "--size", "small",
                                       "--image", "debian", "--no-wait", "--option", "password=Hunter2!Hunter2"});
  INFO("stdout: ", created.out, "\nstderr: ", created.err);
  CHECK(created.exit_code == 0);
  CHECK(created.out.find("\"password\":\"REDACTED\"") != std::string::npos);
  CHECK(created.out.find("Hunter2") == std::string::npos);
  CHECK(created.err.find("Hunter2") == std::string::npos);
}

TEST_CASE("--dry-run of an action with --wait and of wait show the poll of the real id") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  for (auto const& entry : one_per_type(*sandbox)) {
    auto const& type = entry.first;  // not a structured binding: clang 14 cannot capture one (CAPTURE)
    auto const* provider = entry.second;
    CAPTURE(type);
    auto const before = requests_seen(*provider);
    auto stopped = cli.run_with(config, {"--dry-run", "stop", provider->name, "vm-7", "vm-8", "--wait"});
    INFO("stdout: ", stopped.out, "\nstderr: ", stopped.err);
    CHECK(stopped.exit_code == 0);
    for (auto const* id : {"vm-7", "vm-8"}) {
      auto const plan = "# then the wait polls GET " + provider->endpoint;
      auto const at = stopped.out.find(plan);
      REQUIRE(at != std::string::npos);
      CHECK(stopped.out.find(std::string(id) + " until the state is stopped: at once", at) != std::string::npos);
    }
    CHECK(stopped.out.find("{id}") == std::string::npos);

    auto waited = cli.run_with(config, {"--dry-run", "wait", provider->name, "vm-7", "--state", "suspended"});
    CHECK(waited.exit_code == 0);
    CHECK(waited.out.rfind("GET " + provider->endpoint, 0) == 0);
    CHECK(line_starting(waited.out, "# then").find("vm-7 until the state is suspended") != std::string::npos);
    CHECK(requests_seen(*provider) == before);
  }
}

// Issue 22 defect 9: user data the user marks secret (a cloud-init with passwords or keys) is a
// credential too. Without --user-data-secret the dry run shows it; with it, the body has it REDACTED,
// whether it travels as JSON text (OpenScaler's cloud_init_user_data) or base64 (ByCloud's user_data).
TEST_CASE("--dry-run create shows --user-data-secret user data REDACTED, other user data as it is") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  std::string const secret_line = "chpasswd: {list: 'root:Cl0udInit-S3cret'}";
  auto const user_data = cli.write_config("#cloud-config\n" + secret_line + "\n", "user-data.yaml");
  auto const providers = one_per_type(*sandbox);
  for (auto const* type : {"openscaler", "bycloud"}) {
    CAPTURE(type);
    auto const& provider = *providers.at(type);
    std::vector<std::string> args{"--dry-run", "create", provider.name, "--name", "dry-web", "--size", "small",
                                  "--image", "debian", "--no-wait", "--user-data", user_data};
    auto shown = cli.run_with(config, args);
    INFO("stdout: ", shown.out, "\nstderr: ", shown.err);
    CHECK(shown.exit_code == 0);
    bool const base64 = std::string(type) == "bycloud";
    // The control: the body carries the user data, so the REDACTED below is the flag's doing.
    CHECK(shown.out.find(base64 ? "\"user_data\":\"I2Nsb3Vk" : secret_line) != std::string::npos);

    args.push_back("--user-data-secret");
    auto secret = cli.run_with(config, args);
    INFO("secret stdout: ", secret.out, "\nsecret stderr: ", secret.err);
    CHECK(secret.exit_code == 0);
    CHECK(secret.out.find(base64 ? "\"user_data\":\"REDACTED\"" : "\"cloud_init_user_data\":\"REDACTED\"") !=
          std::string::npos);
    CHECK(secret.out.find("S3cret") == std::string::npos);
    CHECK(secret.out.find("I2Nsb3Vk") == std::string::npos);  // base64 of "#cloud"
    CHECK(secret.err.find("S3cret") == std::string::npos);
  }
}
