// The sandbox as the CLI uses it: start in-process, read the config, talk to the endpoints it names.
#include "raw_client.hpp"
#include "sim/sandbox.hpp"
#include "sim/temp_dir.hpp"
#include "tests/support/quiet_port.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using polycloud::sim::Sandbox;
using polycloud::sim::SandboxOptions;
using polycloud::sim::testing::RawClient;
namespace json = boost::json;

std::string read_file(std::string const& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::uint16_t port_of(std::string const& endpoint) {
  auto const colon = endpoint.rfind(':');
  return static_cast<std::uint16_t>(std::stoi(endpoint.substr(colon + 1)));
}

SandboxOptions small(bool tls) {
  SandboxOptions options;
  options.instances = 6;
  options.tls = tls;
  options.create_progress_interval = std::chrono::milliseconds(1);
  return options;
}

}  // namespace

TEST_CASE("sandbox (TLS): the printed config names reachable endpoints, a token, the project and the CA") {
  auto sandbox = Sandbox::start(small(true));
  auto const config = json::parse(sandbox->config_json());
  auto const& alg = config.at("providers").at("alg").as_object();
  CHECK(alg.at("type") == "openscaler");
  CHECK(alg.at("project_id") == "default");
  CHECK(config.at("providers").at("alg-staging").at("project_id") == "staging");
  std::string const ca_file(alg.at("ca_file").as_string());
  CHECK(ca_file == sandbox->ca_file());
  std::string const endpoint(alg.at("endpoint").as_string());
  CHECK(endpoint == sandbox->openscaler().origin());

  RawClient client(port_of(endpoint), read_file(ca_file));  // trusts only the CA file it was given
  auto const response =
      client.authorized(std::string(alg.at("token").as_string()), "GET", "/v1/vms?project_id=default");
  CHECK(response.status == 200);
  CHECK(json::parse(response.body).at("vms").as_array().size() == 1 + 3);  // the seed example + 3 of 6

  for (auto const& provider : sandbox->providers()) {
    CHECK(provider.server != nullptr);
    CHECK(provider.endpoint.starts_with(provider.server->origin()));
  }
  auto const only_openscaler = json::parse(sandbox->config_json({"openscaler"})).at("providers").as_object();
  CHECK(only_openscaler.size() == 2);
  CHECK(json::parse(sandbox->config_json({"none"})).at("providers").as_object().empty());

  CHECK(sandbox->foreign_origin().port() != sandbox->openscaler().port());
  auto const state_dir = std::filesystem::path(ca_file).parent_path();
  sandbox->stop();
  CHECK_FALSE(std::filesystem::exists(state_dir));
}

TEST_CASE("sandbox (plain): http endpoints, no ca_file, latency and fixed ports honoured") {
  auto const free_port = polycloud::test::quiet_port();
  auto options = small(false);
  options.openscaler_port = free_port;
  options.latency = std::chrono::milliseconds(30);
  auto sandbox = Sandbox::start(options);
  auto const alg = json::parse(sandbox->config_json()).at("providers").at("alg").as_object();
  CHECK(alg.at("endpoint").as_string() == "http://127.0.0.1:" + std::to_string(free_port));
  CHECK_FALSE(alg.contains("ca_file"));
  RawClient client(free_port);
  auto const start = std::chrono::steady_clock::now();
  auto const response = client.authorized(std::string(alg.at("token").as_string()), "GET", "/v1/vms/8");
  CHECK(response.status == 200);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(30));
}

TEST_CASE("sandbox: a given state_dir receives ca.pem and is kept") {
  polycloud::sim::TempDir const state("polycloud-sandbox-test-");
  auto const& dir = state.path();
  auto options = small(true);
  options.state_dir = dir.string();
  {
    auto sandbox = Sandbox::start(options);
    CHECK(sandbox->ca_file() == (dir / "ca.pem").string());
    CHECK(read_file(sandbox->ca_file()) == sandbox->openscaler().ca_pem());
  }
  CHECK(std::filesystem::exists(dir / "ca.pem"));
}

TEST_CASE("sandbox: every configured provider answers its own list request with the printed credentials") {
  auto sandbox = Sandbox::start(small(true));
  auto const ca_pem = read_file(sandbox->ca_file());
  auto const providers = json::parse(sandbox->config_json()).at("providers").as_object();
  for (auto const& item : providers) {
    std::string const name(item.key());  // not a structured binding: clang 14 cannot capture those
    auto const& provider = item.value().as_object();
    auto const endpoint = boost::urls::parse_uri(provider.at("endpoint").as_string()).value();
    std::string const type(provider.at("type").as_string());
    std::string target = std::string(endpoint.path());
    if (type == "openscaler") target += "/v1/vms?project_id=" + std::string(provider.at("project_id").as_string());
    if (type == "katapult") {
      target += "/organizations/organization/virtual_machines?organization[sub_domain]=" +
                std::string(provider.at("organization").at("sub_domain").as_string());
    }
    if (type == "bycloud") target += "/v1/instances";
    RawClient client(static_cast<std::uint16_t>(endpoint.port_number()), ca_pem);
    auto const response = client.authorized(std::string(provider.at("token").as_string()), "GET", target);
    CHECK_MESSAGE(response.status == 200, name, " ", target, " ", response.body);
  }
  CHECK(providers.size() == 4);
  CHECK(sandbox->katapult().stats().snapshot().requests_total == 1);
  CHECK(sandbox->bycloud().stats().snapshot().requests_total == 1);
}
