// The CLI contract against in-memory "fake" providers: formats, filters, usage errors, help/version.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

namespace json = boost::json;

namespace {

std::set<std::string> keys_of(json::object const& object) {
  std::set<std::string> keys;
  for (auto const& [key, value] : object) keys.insert(std::string(key));
  return keys;
}

}  // namespace

TEST_CASE("list --output json prints one array of instances with exactly the documented keys") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(two_fakes), {"list", "--output", "json"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto const all = parse_output(result.out).as_array();
  REQUIRE(all.size() == 7);
  std::set<std::string> const documented{
      "provider", "type",      "id",      "name",  "state",      "raw_state",   "region",     "zone", "size",
      "vcpus",    "memory_mb", "disk_gb", "image", "public_ips", "private_ips", "created_at", "tags"};
  for (auto const& instance : all) CHECK(keys_of(instance.as_object()) == documented);
  auto const& first = all[0].as_object();
  CHECK(first.at("provider") == "a");
  CHECK(first.at("type") == "fake");
  CHECK(first.at("zone").is_null());  // unknown values are null, never invented
  CHECK(first.at("created_at").is_null());
  CHECK(first.at("public_ips").is_array());
  CHECK(first.at("tags").is_object());
}

TEST_CASE("ndjson prints one instance per line - csv a header and one RFC 4180 row per instance") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto ndjson = cli.run_with(config, {"list", "--output", "ndjson"});
  CHECK(ndjson.exit_code == 0);
  auto const lines = lines_of(ndjson.out);
  REQUIRE(lines.size() == 7);
  for (auto const& line : lines) CHECK(parse_output(line).is_object());

  auto csv = cli.run_with(config, {"list", "-o", "csv"});
  CHECK(csv.exit_code == 0);
  auto const rows = lines_of(csv.out);
  REQUIRE(rows.size() == 8);
  CHECK(rows[0] ==
        "provider,type,id,name,state,raw_state,region,zone,size,vcpus,memory_mb,disk_gb,image,public_ips,"
        "private_ips,created_at,tags\r");
  CHECK(rows[1] == "a,fake,fake-1000,web-0,running,running,fake-1,,small,1,1024,,,,,,role=web\r");
}

TEST_CASE("get --output json prints one object - table is the default") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto result = cli.run_with(config, {"get", "b", "fake-1001", "-o", "json"});
  CHECK(result.exit_code == 0);
  auto const instance = parse_output(result.out).as_object();
  CHECK(instance.at("provider") == "b");
  CHECK(instance.at("id") == "fake-1001");
  CHECK(instance.at("state") == "stopped");

  auto table = cli.run_with(config, {"list"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.rfind("PROVIDER", 0) == 0);
  CHECK(lines_of(table.out).size() == 8);
}

TEST_CASE("the table fits the width given by COLUMNS") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto result = run_process({POLYCLOUD_CLI_BINARY, "--config", config, "list"}, {{"COLUMNS", "40"}});
  CHECK(result.exit_code == 0);
  for (auto const& line : lines_of(result.out)) CHECK(line.size() <= 40);
}

TEST_CASE("filters: --state, --name, --tag and --provider") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto count = [&](std::vector<std::string> filters) {
    filters.insert(filters.begin(), {"list", "-o", "json"});
    auto result = cli.run_with(config, filters);
    CHECK(result.exit_code == 0);
    return parse_output(result.out).as_array().size();
  };
  CHECK(count({"--state", "running"}) == 2);
  CHECK(count({"--name", "db-*"}) == 3);
  CHECK(count({"--tag", "role=web"}) == 4);
  CHECK(count({"--provider", "b"}) == 3);
  CHECK(count({"--provider", "a", "--state", "suspended", "--name", "db-?"}) == 1);
}

TEST_CASE("providers lists name, type, endpoint and capabilities without contacting anything") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(two_fakes), {"providers", "-o", "json"});
  CHECK(result.exit_code == 0);
  auto const providers = parse_output(result.out).as_array();
  REQUIRE(providers.size() == 2);
  auto const& a = providers[0].as_object();
  CHECK(a.at("name") == "a");
  CHECK(a.at("type") == "fake");
  CHECK(a.at("endpoint").is_string());
  CHECK(a.at("capabilities").as_array().size() >= 7);
}

TEST_CASE("create, actions and waits print their records") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto created = cli.run_with(config, {"create", "a", "--name", "web-9", "--size", "small", "--image", "ubuntu",
                                       "--tag", "env=prod", "-o", "json"});
  CHECK(created.exit_code == 0);
  auto const instance = parse_output(created.out).as_object();
  CHECK(instance.at("name") == "web-9");
  CHECK(instance.at("state") == "running");
  CHECK(instance.at("tags").at("env") == "prod");
  CHECK(created.err.find("100%") != std::string::npos);  // plain progress lines when stderr is not a terminal

  auto stopped = cli.run_with(config, {"stop", "a", "fake-1000", "--wait", "-o", "json"});
  CHECK(stopped.exit_code == 0);
  CHECK(parse_output(stopped.out).at("state") == "stopped");
  auto deleted = cli.run_with(config, {"delete", "b", "fake-1000", "-o", "json"});
  CHECK(deleted.exit_code == 0);
  CHECK(parse_output(deleted.out).at("operation") == "delete");
}

TEST_CASE("create --spec reads a CreateSpec file - flags override it") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto const spec = cli.write_config(R"({"name": "from-file", "size": "small", "image": "ubuntu",
                                         "tags": {"team": "ops"}})",
                                     "spec.json");
  auto result = cli.run_with(config, {"create", "a", "--spec", spec, "--name", "from-flag", "-o", "json"});
  CHECK(result.exit_code == 0);
  auto const instance = parse_output(result.out).as_object();
  CHECK(instance.at("name") == "from-flag");
  CHECK(instance.at("tags").at("team") == "ops");
}

TEST_CASE("exit code 2: usage and config errors, each one line on stderr") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  std::vector<std::vector<std::string>> const cases{
      {"list", "--bogus"},
      {"list", "--state", "sideways"},
      {"list", "--tag", "novalue"},
      {"frobnicate"},
      {"get", "a"},
      {"--config", (cli.dir() / "missing.json").string(), "list"},
      {"--config", cli.write_config(R"({"providers": {"x": {"instances": 1}}})", "no-type.json"), "list"},
      {"--config", config, "get", "nope", "1"},
      {"--config", config, "list", "--provider", "nope"},
      {"--config", config, "create", "a", "--name", "x"},
      {"--config", config, "create", "a", "--spec",
       cli.write_config(R"({"name": "x", "colour": "red"})", "bad-spec.json")},
      {"--config", config, "create", "a", "--spec", cli.write_config("{not json", "broken-spec.json")},
  };
  for (auto const& args : cases) {
    auto result = cli.run(args);
    INFO("args: ", args.size() > 1 ? args[0] + " " + args[1] : args[0], " stderr: ", result.err);
    CHECK(result.exit_code == 2);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.out.empty());
  }
}

TEST_CASE("exit code 4: get of a missing id") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(two_fakes), {"get", "a", "fake-9999"});
  CHECK(result.exit_code == 4);
  CHECK(result.err == "polycloud: a: get: not_found: no instance has the id or the name \"fake-9999\"\n");
}

TEST_CASE("--help and --version answer at every level") {
  CliFixture cli;
  for (std::string const command :
       {"", "providers", "list", "get", "create", "delete", "start", "stop", "reboot", "sandbox", "demo"}) {
    std::vector<std::string> prefix;
    if (!command.empty()) prefix.push_back(command);
    auto with = [&](std::string flag) {
      auto args = prefix;
      args.push_back(flag);
      return cli.run(args);
    };
    auto help = with("--help");
    INFO("command: ", command);
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Usage") != std::string::npos);
    auto version = with("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out.find("polycloud ") == 0);
  }
}

TEST_CASE("a provider block with a mistake stops only that provider: the others list, a command on it exits 2") {
  CliFixture cli;
  // b: a value of the wrong type; c: a ${VAR} this shell does not set (the commonest case).
  auto const config = cli.write_config(R"({"providers": {"a": {"type": "fake", "instances": 2},
      "b": {"type": "fake", "instances": "two"},
      "c": {"type": "fake", "token": "${POLYCLOUD_TEST_NEVER_SET}"}}})");
  auto const b_error = "providers.b.instances: expected an integer";
  auto const c_error = "providers.c.token: environment variable POLYCLOUD_TEST_NEVER_SET is not set";

  auto only_a = cli.run_with(config, {"list", "--provider", "a", "-o", "ndjson"});
  CHECK(only_a.exit_code == 0);
  CHECK(only_a.err.empty());  // nothing about b or c: this command does not touch them
  CHECK(lines_of(only_a.out).size() == 2);

  auto all = cli.run_with(config, {"list", "-o", "ndjson"});
  CHECK(all.exit_code == 5);  // partial, as for a provider that fails to answer
  CHECK(lines_of(all.out).size() == 2);
  auto const errors = lines_of(all.err);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].starts_with("polycloud: b: list: config: "));
  CHECK(errors[0].ends_with(b_error));
  CHECK(errors[1].starts_with("polycloud: c: list: config: "));
  CHECK(errors[1].ends_with(c_error));

  for (auto const& command : std::vector<std::vector<std::string>>{
           {"get", "b", "fake-1000"}, {"delete", "b", "fake-1000", "--yes"}, {"list", "--provider", "b"},
           {"create", "b", "--name", "x", "--size", "small", "--image", "debian"}}) {
    CAPTURE(command.front());
    auto on_b = cli.run_with(config, command);
    CHECK(on_b.exit_code == 2);
    CHECK(on_b.err.find("polycloud: b: " + (command.front() == "list" ? std::string("list") : command.front()) +
                        ": config: ") != std::string::npos);
    CHECK(on_b.err.find(b_error) != std::string::npos);
    CHECK(on_b.out.empty());  // not even a table's header
  }
  // `create any` places among the usable ones, and says why b and c cannot serve it.
  auto placed = cli.run_with(config, {"create", "any", "--name", "web-9", "--size", "small", "--image", "debian", "-o", "json"});
  CHECK(placed.exit_code == 0);
  CHECK(placed.err.find("b: cannot serve it: ") != std::string::npos);
  CHECK(placed.err.find(c_error) != std::string::npos);

  // `providers`, where a config is checked: the usable ones printed, each unusable one's error, exit 2.
  auto providers = cli.run_with(config, {"providers", "-o", "json"});
  CHECK(providers.exit_code == 2);
  auto const listed = parse_output(providers.out).as_array();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].as_object().at("name") == "a");
  CHECK(lines_of(providers.err).size() == 2);
}

TEST_CASE("a provider that parses but cannot be created stops only that provider, as a block with a mistake") {
  CliFixture cli;
  // A ca_file that is not there: the config reads, the transport refuses it when the provider is made.
  auto const config = cli.write_config(R"({"providers": {"a": {"type": "fake", "instances": 2},
      "remote": {"type": "bycloud", "endpoint": "https://api.example.com", "token": "bycloud-test-token",
                 "ca_file": "/nonexistent/polycloud-test-ca.pem"}}})");

  auto only_a = cli.run_with(config, {"list", "--provider", "a", "-o", "ndjson"});
  CHECK(only_a.exit_code == 0);
  CHECK(only_a.err.empty());
  CHECK(lines_of(only_a.out).size() == 2);

  auto all = cli.run_with(config, {"list", "-o", "ndjson"});
  CHECK(all.exit_code == 5);
  CHECK(lines_of(all.out).size() == 2);
  auto const errors = lines_of(all.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].starts_with("polycloud: remote: list: config: "));
  CHECK(errors[0].find("polycloud-test-ca.pem' cannot be read") != std::string::npos);
  CHECK(errors[0].find("bycloud-test-token") == std::string::npos);

  auto get = cli.run_with(config, {"get", "remote", "some-id"});
  CHECK(get.exit_code == 2);
  CHECK(get.err.starts_with("polycloud: remote: get: config: "));
  CHECK(get.out.empty());

  auto providers = cli.run_with(config, {"providers", "-o", "json"});
  CHECK(providers.exit_code == 2);
  auto const listed = parse_output(providers.out).as_array();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].as_object().at("name") == "a");
  CHECK(providers.err.find("polycloud-test-ca.pem' cannot be read") != std::string::npos);
}
