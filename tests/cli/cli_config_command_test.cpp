// `polycloud config view | providers add | providers remove` through the real binary.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace {

std::string text_of(std::filesystem::path const& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}


}  // namespace

TEST_CASE("config view prints the effective config with every credential REDACTED") {
  CliFixture cli;
  auto const token_file = cli.write_config("file-token-0123456789\n", "alg.token");
  auto const config = cli.write_config(R"({"providers": {
      "alg": {"type": "openscaler", "endpoint": "https://127.0.0.1:1", "token_file": ")" + token_file + R"(",
              "project_id": "p1", "aliases": {"size": {"small": "m1.small"}}},
      "spo": {"type": "bycloud", "endpoint": "https://127.0.0.1:2", "api_key": "inline-key:0123456789"},
      "a": {"type": "fake", "instances": 2}}})");
  auto const result = cli.run_with(config, {"config", "view"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("file-token-0123456789") == std::string::npos);
  CHECK(result.out.find("inline-key") == std::string::npos);
  auto const view = parse_output(result.out).as_object();
  CHECK(view.at("source").as_string() == config);
  auto const& providers = view.at("providers").as_object();
  CHECK(providers.at("alg").at("token") == "REDACTED");
  CHECK(providers.at("alg").at("project_id") == "p1");
  CHECK(providers.at("alg").at("timeout_s") == 30);  // a default, made visible
  CHECK(providers.at("alg").at("aliases").at("size").at("small") == "m1.small");
  CHECK(providers.at("spo").at("api_key") == "REDACTED");
  CHECK_FALSE(providers.at("a").as_object().contains("token"));
}

TEST_CASE("config providers add creates a 0600 config, refuses a duplicate, and remove takes it out") {
  CliFixture cli;
  auto const path = cli.dir() / "fresh" / "config.json";
  auto const config = path.string();
  auto const added = cli.run_with(config, {"config", "providers", "add", "lab", "--type", "fake"});
  CHECK(added.exit_code == 0);
  CHECK(added.err.find("added provider lab") != std::string::npos);
  CHECK(mode_of(path) == 0600u);
  auto const listed = parse_output(cli.run_with(config, {"providers", "-o", "json"}).out).as_array();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].at("name") == "lab");

  auto const again = cli.run_with(config, {"config", "providers", "add", "lab", "--type", "fake"});
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already in") != std::string::npos);

  CHECK(cli.run_with(config, {"config", "providers", "add", "lab2", "--type", "fake"}).exit_code == 0);
  CHECK(cli.run_with(config, {"config", "providers", "remove", "lab"}).exit_code == 0);
  auto const left = parse_output(cli.run_with(config, {"providers", "-o", "json"}).out).as_array();
  REQUIRE(left.size() == 1);
  CHECK(left[0].at("name") == "lab2");
  auto const missing = cli.run_with(config, {"config", "providers", "remove", "lab"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no provider \"lab\"") != std::string::npos);
}

TEST_CASE("config providers add checks the result with the config parser and writes nothing when it fails") {
  CliFixture cli;
  auto const config = cli.write_config(R"({"providers": {"a": {"type": "fake"}}})");
  auto const before = text_of(config);
  auto const bad_name = cli.run_with(config, {"config", "providers", "add", "a b", "--type", "fake"});
  CHECK(bad_name.exit_code == 2);
  auto const bad_type = cli.run_with(config, {"config", "providers", "add", "x", "--type", "openscalr"});
  CHECK(bad_type.exit_code == 2);
  CHECK(bad_type.err.find("unknown provider type") != std::string::npos);
  auto const no_token = cli.run_with(config, {"config", "providers", "add", "x", "--type", "openscaler",
                                              "--token-file", (cli.dir() / "absent.token").string()});
  CHECK(no_token.exit_code == 2);
  CHECK(text_of(config) == before);
  auto const files = std::distance(std::filesystem::directory_iterator(cli.dir()), {});
  CHECK(files == 1);  // no temporary left behind either
}

TEST_CASE("config init off a terminal: writes a 0600 config from its flags and lists one page to check it") {
  CliFixture cli;
  auto const path = cli.dir() / "init" / "config.json";
  auto const config = path.string();
  auto const missing = cli.run_with(config, {"config", "init", "--type", "fake"});
  CHECK(missing.exit_code == 2);  // nothing to ask on: the name is required
  CHECK(missing.err.find("needs --name and --type") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));

  auto const made = cli.run_with(config, {"config", "init", "--name", "lab", "--type", "fake"});
  CHECK(made.exit_code == 0);
  CHECK(made.err.find("lab answers: 2 instances on its first page") != std::string::npos);
  CHECK(mode_of(path) == 0600u);
  auto const again = cli.run_with(config, {"config", "init", "--name", "lab", "--type", "fake"});
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("exists already") != std::string::npos);
}

// OpenScaler without a project_id: a config the parser accepts and the first list refuses.
TEST_CASE("config init says so when listing with the config it wrote fails") {
  CliFixture cli;
  RefusedPort refused;
  auto const token_file = cli.write_config("init-token-0123456789\n", "t.token");
  auto const config = (cli.dir() / "config.json").string();
  auto const result = cli.run_with(config, {"config", "init", "--name", "alg", "--type", "openscaler", "--endpoint",
                                            "http://127.0.0.1:" + std::to_string(refused.port()), "--token-file",
                                            token_file});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("project_id") != std::string::npos);
  CHECK(result.err.find("the config is written, but listing alg failed") != std::string::npos);
  CHECK(result.err.find("init-token") == std::string::npos);
  CHECK(std::filesystem::exists(config));
}

// The parser passes an OpenScaler block with no credential; written, it made every command refuse the
// whole file ("no token"), the other providers too. Adding it is refused instead.
TEST_CASE("config providers add and init refuse a provider that has no credential - nothing is written") {
  CliFixture cli;
  auto const config = cli.write_config(R"({"providers": {"a": {"type": "fake"}}})");
  auto const before = text_of(config);
  auto const added = cli.run_with(config, {"config", "providers", "add", "x", "--type", "openscaler"});
  CHECK(added.exit_code == 2);
  CHECK(added.err.find("no token") != std::string::npos);
  CHECK(added.err.find("nothing was written") != std::string::npos);
  CHECK(text_of(config) == before);
  CHECK(cli.run_with(config, {"providers"}).exit_code == 0);

  auto const fresh = cli.dir() / "fresh" / "config.json";
  auto const init = cli.run_with(fresh.string(), {"config", "init", "--name", "x", "--type", "bycloud"});
  CHECK(init.exit_code == 2);
  CHECK(init.err.find("no credential") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(fresh));
}
