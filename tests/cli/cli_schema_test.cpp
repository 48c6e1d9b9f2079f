// docs/schema/*.json against what the real binary prints: every JSON record kind, in json and ndjson.
#include "cli_fixture.hpp"
#include "json_schema_subset.hpp"

#include <polycloud/create_journal.hpp>

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

TEST_CASE("pending records match pending.v1.json, listed and resolved") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  polycloud::CreateJournal journal(cli.dir() / "state" / "polycloud");
  polycloud::PendingCreate entry;
  entry.provider = "gone";
  entry.type = "fake";
  entry.key = "k1";
  entry.name = "web-1";
  REQUIRE(journal.record(entry).has_value());
  // json prints one array; ndjson one object per line, gathered here into an array.
  auto const parse_records = [](std::string const& out, std::string const& format) {
    if (format == "json") return parse_output(out);
    json::array records;
    for (auto const& line : lines_of(out)) records.push_back(json::parse(line));
    return json::value(records);
  };
  for (char const* format : {"json", "ndjson"}) {
    CAPTURE(format);
    check_records(schema("pending.v1.json"), parse_records(cli.run({"pending", "-o", format}).out, format));
    check_records(schema("pending.v1.json"),
                  parse_records(cli.run_with(config, {"pending", "--resolve", "-o", format}).out, format));
  }
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
