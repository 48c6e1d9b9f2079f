// The same create with one SSH key (`--ssh-key FILE`) on every sandbox provider type, through the real
// binary: OpenScaler takes the key text, Katapult authorizes an organization key by id in a build from
// spec, ByCloud a keypair by name. Each simulator records the key it received, and ten reruns register
// the key once per provider. What a provider cannot take is refused before anything is sent.
#include "cli_fixture.hpp"

#include "sim/sandbox.hpp"
#include "tests/support/ssh_fixture_keys.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>

namespace {

using polycloud::sim::Sandbox;
using polycloud::sim::SandboxProvider;
namespace json = boost::json;
namespace keys = polycloud::test;

/// The sandbox's config, with the portable names `small` and `debian` mapped to each simulator's own
/// catalogue entries (as the demo's aliases do): one spec, every provider.
std::string with_aliases(std::string const& config_json) {
  std::map<std::string, std::pair<char const*, char const*>> const catalogue{
      {"openscaler", {"b-1-500mb-10", "debian-13"}},
      {"katapult", {"rock-3", "templates/debian-12"}},
      {"bycloud", {"6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01", "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f02"}}};
  auto config = json::parse(config_json);
  for (auto& [name, provider] : config.at("providers").as_object()) {
    auto const& [size, image] = catalogue.at(std::string(provider.at("type").as_string()));
    provider.as_object()["aliases"] = {{"size", {{"small", size}}}, {"image", {{"debian", image}}}};
  }
  return json::serialize(config);
}

struct KeyedSandbox {
  std::unique_ptr<Sandbox> sandbox = Sandbox::start();
  CliFixture cli;
  std::string config = cli.write_config(with_aliases(sandbox->config_json()));
  std::string key_file = write("id_ed25519.pub", std::string(keys::ed25519_key.line) + "\n");

  std::string write(std::string const& name, std::string const& content) {
    auto const path = cli.dir() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  SandboxProvider const& of_type(std::string const& type) const {
    for (auto const& provider : sandbox->providers())
      if (provider.type == type) return provider;
    FAIL("no sandbox provider of type " << type);
    throw;
  }
  ProcessResult create(SandboxProvider const& provider, std::string const& name, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"create", provider.name, "--name", name, "--size", "small", "--image", "debian",
                                  "--timeout", "60", "--ssh-key", key_file};
    args.insert(args.end(), more.begin(), more.end());
    return cli.run_with(config, args);
  }
};

std::uint64_t requests(SandboxProvider const& provider, std::string const& route = {}) {
  auto const stats = provider.server->stats().snapshot();
  return route.empty() ? stats.requests_total : stats.requests_for(route);
}

}  // namespace

TEST_CASE("create --ssh-key: the same spec creates on every provider type - the key registered once in ten runs") {
  KeyedSandbox keyed;
  // Where each type registers a key, and what its simulator records of a create.
  std::map<std::string, std::string> const registrations{
      {"openscaler", ""},  // none: the key travels in the body
      {"katapult", "POST /core/v1/organizations/_/ssh_keys"},
      {"bycloud", "POST /v1/keypairs"}};
  for (auto const& entry : registrations) {  // not a structured binding: clang 14 cannot CAPTURE one
    auto const& type = entry.first;
    auto const& registration = entry.second;
    CAPTURE(type);
    auto const& provider = keyed.of_type(type);
    for (int run = 0; run < 10; ++run) {
      auto const created = keyed.create(provider, "keyed-" + std::to_string(run));
      INFO("stderr: " << created.err);
      REQUIRE(created.exit_code == 0);
    }
    if (!registration.empty()) CHECK(requests(provider, registration) == 1);
    auto const received = provider.server->received();
    if (type == "openscaler") {
      auto const& creates = received.at("creates").as_array();
      REQUIRE(creates.size() == 10);
      for (auto const& create : creates) CHECK(create.at("ssh_keys") == json::array{keys::ed25519_key.line});
    } else if (type == "katapult") {
      auto const& builds = received.at("builds_from_spec").as_array();
      REQUIRE(builds.size() == 10);
      for (auto const& build : builds) CHECK(build.at("ssh_keys").at(0).at("key") == keys::ed25519_key.line);
    } else {
      auto const& creates = received.at("instances_created").as_array();
      REQUIRE(creates.size() == 10);
      for (auto const& create : creates) CHECK(create.at("key_name") == "polycloud-wZ-axeVItlNWNxgV");
    }
  }
}

TEST_CASE("create --ssh-key: user data on Katapult - and a key file that holds no public key - send nothing") {
  KeyedSandbox keyed;
  auto const& katapult = keyed.of_type("katapult");
  auto const user_data = keyed.write("user-data.yaml", "#cloud-config\n");
  auto const before = requests(katapult);
  auto const refused = keyed.create(katapult, "ud-1", {"--user-data", user_data});
  CHECK(refused.exit_code == 1);  // invalid_argument (docs/errors.md)
  CHECK(refused.err.find("user_data (create feature create_user_data) is not supported by katapult") != std::string::npos);
  CHECK(refused.err.find("no cloud-init") != std::string::npos);

  for (auto const* type : {"katapult", "bycloud"}) {
    CAPTURE(type);
    auto const& provider = keyed.of_type(type);
    auto const provider_before = requests(provider);
    auto const not_a_key = keyed.write("not-a-key.pub", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
    std::vector<std::string> args{"create", provider.name, "--name", "bad-key", "--size", "small", "--image", "debian",
                                  "--ssh-key", not_a_key};
    auto const bad = keyed.cli.run_with(keyed.config, args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("is not an OpenSSH public key line") != std::string::npos);
    CHECK(bad.err.find("b3BlbnNzaC1rZXktdjEAAAAA") == std::string::npos);  // the file's text is never echoed
    CHECK(requests(provider) == provider_before);
  }
  CHECK(requests(katapult) == before);
}
