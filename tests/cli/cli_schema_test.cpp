// docs/schema/*.json against what the real binary prints: every JSON record kind, in json and ndjson.
#include "cli_fixture.hpp"
#include "json_schema_subset.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace json = boost::json;

namespace {

json::value schema(std::string const& name) {
  std::ifstream in(std::string(POLYCLOUD_SCHEMA_DIR) + "/" + name);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

/// Each record of a json array, or the one json object, must pass.
void check_records(json::value const& rules, json::value const& output) {
  auto const check_one = [&](json::value const& record) {
    auto const violations = schema_violations(rules, record);
    for (auto const& violation : violations) FAIL_CHECK(violation);
  };
  if (output.is_array()) {
    CHECK_FALSE(output.as_array().empty());
    for (auto const& record : output.as_array()) check_one(record);
  } else {
    check_one(output);
  }
}

}  // namespace

TEST_CASE("instance records from list, get, create and wait match instance.v1.json") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto const rules = schema("instance.v1.json");
  check_records(rules, parse_output(cli.run_with(config, {"list", "-o", "json"}).out));
  check_records(rules, parse_output(cli.run_with(config, {"list", "-o", "json", "--raw"}).out));
  check_records(rules, parse_output(cli.run_with(config, {"get", "a", "fake-1000", "-o", "json"}).out));
  auto const created = cli.run_with(config, {"create", "a", "--name", "s", "--size", "small", "--image", "ubuntu",
                                             "--tag", "k=v", "-o", "json"});
  REQUIRE(created.exit_code == 0);
  check_records(rules, parse_output(created.out));
  check_records(rules, parse_output(
                           cli.run_with(config, {"wait", "a", "fake-1000", "--state", "running", "-o", "json"}).out));
  auto const ndjson = cli.run_with(config, {"list", "-o", "ndjson"});
  auto const lines = lines_of(ndjson.out);
  CHECK(lines.size() == 7);
  for (auto const& line : lines) check_records(rules, parse_output(line));
}

TEST_CASE("provider rows, action results and the version record match their schemas") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  check_records(schema("provider.v1.json"), parse_output(cli.run_with(config, {"providers", "-o", "json"}).out));
  check_records(schema("action.v1.json"),
                parse_output(cli.run_with(config, {"stop", "a", "fake-1000", "fake-1001", "-o", "json"}).out));
  check_records(schema("action.v1.json"),
                parse_output(cli.run_with(config, {"delete", "b", "fake-1000", "--yes", "-o", "json"}).out));
  check_records(schema("version.v1.json"), parse_output(cli.run({"version", "-o", "json"}).out));
}

TEST_CASE("the schema checker reports a missing key, a wrong type, an unknown key and an unknown keyword") {
  auto const rules = schema("instance.v1.json");
  CliFixture cli;
  auto const listed = parse_output(cli.run_with(cli.write_config(two_fakes), {"get", "a", "fake-1000", "-o", "json"}).out);
  CHECK(schema_violations(rules, listed).empty());
  auto broken = listed.as_object();
  broken.erase("id");
  broken["vcpus"] = "two";
  broken["surprise"] = 1;
  broken["state"] = "asleep";
  auto const violations = schema_violations(rules, broken);
  CHECK(violations.size() == 4);
  CHECK(schema_violations(json::parse(R"({"pattern": "x"})"), json::value("x")).size() == 1);
}
