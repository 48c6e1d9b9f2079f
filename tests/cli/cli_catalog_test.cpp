// `polycloud catalog sizes|images|regions` run as a user runs it, against the sandbox's three
// simulators: every output format, the JSON schemas, --provider, a failing provider beside working ones.
#include "cli_fixture.hpp"
#include "json_schema_subset.hpp"

#include "sim/faults.hpp"
#include "sim/sandbox.hpp"
#include "sim/server.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace json = boost::json;
using polycloud::sim::Sandbox;

namespace {

json::value schema(std::string const& name) {
  std::ifstream in(std::string(POLYCLOUD_SCHEMA_DIR) + "/" + name);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

void check_schema(json::value const& rules, json::array const& records) {
  CHECK_FALSE(records.empty());
  for (auto const& record : records)
    for (auto const& violation : schema_violations(rules, record)) FAIL_CHECK(violation);
}

/// The records printed for `provider`.
std::vector<json::object> of_provider(json::value const& output, std::string const& provider) {
  std::vector<json::object> found;
  for (auto const& record : output.as_array())
    if (record.at("provider") == provider.c_str()) found.push_back(record.as_object());
  return found;
}

}  // namespace

TEST_CASE("catalog sizes, images and regions of the sandbox match their schemas, in json and ndjson") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  for (auto const& entry : std::vector<std::pair<std::string, std::string>>{
           {"sizes", "catalog-size.v1.json"}, {"images", "catalog-image.v1.json"}, {"regions", "catalog-region.v1.json"}}) {
    auto const& part = entry.first;  // not a structured binding: clang 14 cannot CAPTURE one
    auto const& file = entry.second;
    CAPTURE(part);
    auto const listed = cli.run_with(config, {"catalog", part, "-o", "json"});
    INFO("stderr: ", listed.err);
    REQUIRE(listed.exit_code == 0);
    auto const rules = schema(file);
    auto const records = parse_output(listed.out).as_array();
    check_schema(rules, records);
    auto const ndjson = cli.run_with(config, {"catalog", part, "-o", "ndjson"});
    REQUIRE(ndjson.exit_code == 0);
    auto const lines = lines_of(ndjson.out);
    CHECK(lines.size() == records.size());
    for (auto const& line : lines) check_schema(rules, json::array{parse_output(line)});
  }
}

TEST_CASE("catalog sizes: every size list shows is a catalog entry on each sandbox provider") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const sizes = parse_output(cli.run_with(config, {"catalog", "sizes", "-o", "json"}).out);
  auto const vms = parse_output(cli.run_with(config, {"list", "-o", "json"}).out);
  for (auto const* provider : {"alg", "kat", "byc"}) {
    CAPTURE(provider);
    auto const entries = of_provider(sizes, provider);
    REQUIRE_FALSE(entries.empty());
    for (auto const& vm : of_provider(vms, provider)) {
      if (vm.at("size").is_null()) continue;  // a Katapult VM with custom resources has no package
      auto const& size = vm.at("size").as_string();
      CAPTURE(size);
      CHECK(std::any_of(entries.begin(), entries.end(), [&](json::object const& entry) {
        return entry.at("name") == size || entry.at("id") == size;
      }));
    }
  }
  // The sandbox's own words, as a new user reads them.
  auto const kat = of_provider(sizes, "kat");
  CHECK(std::any_of(kat.begin(), kat.end(), [](auto const& e) { return e.at("name") == "Rock-3"; }));
  auto const byc = of_provider(sizes, "byc");
  CHECK(std::any_of(byc.begin(), byc.end(), [](auto const& e) { return e.at("name") == "m1.small"; }));
  auto const alg = of_provider(sizes, "alg");
  CHECK(std::any_of(alg.begin(), alg.end(), [](auto const& e) {
    return e.at("source") == "config" && e.at("price_hourly").is_number() && e.at("currency") == "EUR";
  }));
}

TEST_CASE("catalog images: debian 12 and ubuntu 22.04 and 24.04 on every sandbox provider") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const images = parse_output(cli.run_with(config, {"catalog", "images", "-o", "json"}).out);
  for (auto const* provider : {"alg", "kat", "byc"}) {
    CAPTURE(provider);
    std::set<std::string> os_versions;
    for (auto const& image : of_provider(images, provider)) {
      if (image.at("os").is_string() && image.at("version").is_string())
        os_versions.insert(std::string(image.at("os").as_string()) + ":" + std::string(image.at("version").as_string()));
    }
    CHECK(os_versions.contains("debian:12"));
    CHECK(os_versions.contains("ubuntu:22.04"));
    CHECK(os_versions.contains("ubuntu:24.04"));
  }
}

TEST_CASE("catalog: --provider, table, csv and value formats, --fields") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const table = cli.run_with(config, {"catalog", "sizes", "--provider", "kat"});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("PROVIDER") != std::string::npos);
  CHECK(table.out.find("rock-3") != std::string::npos);
  CHECK(table.out.find("m1.small") == std::string::npos);  // only kat
  auto const csv = cli.run_with(config, {"catalog", "regions", "--provider", "kat", "--fields", "id,country", "-o", "csv"});
  REQUIRE(csv.exit_code == 0);
  auto const lines = lines_of(csv.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "id,country\r");  // csv rows end in CRLF (RFC 4180)
  CHECK(std::find(lines.begin(), lines.end(), "uk-lon-01,GB\r") != lines.end());
  auto const value = cli.run_with(config, {"catalog", "images", "--provider", "byc", "--fields", "os,version", "-o", "value"});
  REQUIRE(value.exit_code == 0);
  auto const rows = lines_of(value.out);
  CHECK(std::find(rows.begin(), rows.end(), "debian\t12") != rows.end());
  auto const bad_field = cli.run_with(config, {"catalog", "sizes", "--fields", "os"});
  CHECK(bad_field.exit_code == 2);
  auto const bad_part = cli.run_with(config, {"catalog", "flavours"});
  CHECK(bad_part.exit_code == 2);
  auto const unknown = cli.run_with(config, {"catalog", "sizes", "--provider", "nope"});
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("catalog: one provider failing is reported on its own line and the others are still printed") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  json::object fault{{"fault", "status"}, {"status", 403}, {"path", "/v1/flavors"}, {"count", 10}};
  std::string error;
  auto parsed = polycloud::sim::parse_fault(fault, error);
  REQUIRE(parsed);
  sandbox->bycloud().faults().add(*parsed);
  auto const listed = cli.run_with(config, {"catalog", "sizes", "-o", "ndjson"});
  CHECK(listed.exit_code == 5);  // partial
  CHECK(listed.err.find("byc: catalog sizes: permission_denied") != std::string::npos);
  CHECK(listed.out.find("\"provider\":\"kat\"") != std::string::npos);
  CHECK(listed.out.find("\"provider\":\"alg\"") != std::string::npos);
}

TEST_CASE("catalog --match keeps the entries a selector matches, and a selector mistake sends nothing") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const sizes = parse_output(
      cli.run_with(config, {"catalog", "sizes", "--provider", "kat", "--match", "cpu>=2,mem>=8GiB", "-o", "json"}).out);
  REQUIRE(sizes.as_array().size() == 2);  // Rock-12 and Rock-24
  for (auto const& size : sizes.as_array()) CHECK(size.at("vcpus").as_int64() >= 4);
  auto const images = parse_output(
      cli.run_with(config, {"catalog", "images", "--provider", "byc", "--match", "ubuntu:>=22.04", "-o", "json"}).out);
  CHECK(images.as_array().size() == 2);
  auto const regions = parse_output(
      cli.run_with(config, {"catalog", "regions", "--provider", "kat", "--match", "country=GB", "-o", "json"}).out);
  REQUIRE(regions.as_array().size() == 1);
  CHECK(regions.as_array()[0].at("id") == "uk-lon-01");
  auto const before = sandbox->katapult().stats().snapshot().requests_total;
  auto const mistake = cli.run_with(config, {"catalog", "sizes", "--provider", "kat", "--match", "cpu>>2"});
  CHECK(mistake.exit_code == 2);
  // The caret on a line of its own under the mistake, as create prints it (not an escaped "\x0a").
  CHECK(mistake.err == "polycloud: catalog: usage: size selector: expected a number after cpu> at column 5:\n"
                       "  cpu>>2\n"
                       "      ^\n");
  CHECK(sandbox->katapult().stats().snapshot().requests_total == before);
}

TEST_CASE("providers lists each provider's create features and catalog parts from capabilities, in every format") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const before = sandbox->katapult().stats().snapshot().requests_total;
  auto const json_out = cli.run_with(config, {"providers", "-o", "json"});
  REQUIRE(json_out.exit_code == 0);
  auto const rows = parse_output(json_out.out);
  check_schema(schema("provider.v1.json"), rows.as_array());
  std::map<std::string, std::pair<json::array, json::array>> features;
  for (auto const& row : rows.as_array())
    features[std::string(row.at("name").as_string())] = {row.at("create_features").as_array(), row.at("catalog").as_array()};
  json::array const every_part{"sizes", "images", "regions"};
  CHECK(features.at("alg") == std::pair{json::array{"ssh_keys", "user_data", "extra_disks"}, every_part});
  CHECK(features.at("kat") == std::pair{json::array{"ssh_keys", "tags"}, every_part});  // no cloud-init
  CHECK(features.at("byc") == std::pair{json::array{"ssh_keys", "user_data", "tags"}, every_part});

  auto const ndjson = lines_of(cli.run_with(config, {"providers", "-o", "ndjson"}).out);
  REQUIRE(ndjson.size() == rows.as_array().size());
  for (std::size_t i = 0; i < ndjson.size(); ++i) CHECK(parse_output(ndjson[i]) == rows.as_array()[i]);
  auto const csv = lines_of(cli.run_with(config, {"providers", "-o", "csv"}).out);
  REQUIRE_FALSE(csv.empty());
  CHECK(csv[0] == "name,type,endpoint,capabilities,create_features,catalog\r");  // CSV lines end in CRLF
  CHECK(std::any_of(csv.begin(), csv.end(), [](std::string const& line) {
    return line.starts_with("kat,katapult,") && line.ends_with(",ssh_keys tags,sizes images regions\r");
  }));
  auto const table = cli.run_with(config, {"providers", "-o", "table"}).out;
  CHECK(table.find("CREATE FEATURES") != std::string::npos);
  CHECK(table.find("ssh_keys user_data extra_disks") != std::string::npos);
  CHECK(sandbox->katapult().stats().snapshot().requests_total == before);  // the config only: nothing sent
}
