// The CLI against the OpenScaler simulator over HTTPS on loopback: real HTTP, real TLS, real errors.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>

#include <algorithm>

namespace {
using cli_test::Simulated;
using cli_test::token;

std::string refused_block(int port) {
  return fmt::format(R"({{"type": "openscaler", "endpoint": "http://127.0.0.1:{}", "token": "{}",
                         "project_id": "default", "timeout_s": 5}})",
                     port, token);
}

/// {"providers": {NAME: BLOCK, …}}.
std::string config_of(std::vector<std::pair<std::string, std::string>> const& blocks) {
  std::string providers;
  for (auto const& [name, block] : blocks)
    providers += (providers.empty() ? "" : ", ") + fmt::format(R"("{}": {})", name, block);
  return R"({"providers": {)" + providers + "}}";
}

std::size_t count_lines(std::string const& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST_CASE("list and get against the simulator print the neutral JSON") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto list = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", list.err);
  CHECK(list.exit_code == 0);
  auto const all = parse_output(list.out).as_array();
  REQUIRE_FALSE(all.empty());
  for (auto const& instance : all) {
    CHECK(instance.at("provider") == "alg");
    CHECK(instance.at("type") == "openscaler");
  }
  auto const id = std::string(all[0].at("id").as_string());
  auto get = cli.run_with(config, {"get", "alg", id, "-o", "json"});
  CHECK(get.exit_code == 0);
  CHECK(parse_output(get.out).at("id").as_string() == id);
}

TEST_CASE("list, catalog and actions: a table whose sources all failed prints no header - only the errors - while json still prints an empty array") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block("wrong-token")}}));
  auto table = cli.run_with(config, {"list"});
  CHECK(table.exit_code == 3);
  CHECK(table.out.empty());
  CHECK(table.err.find("alg: list: ") != std::string::npos);
  auto json = cli.run_with(config, {"list", "-o", "json"});
  CHECK(json.exit_code == 3);
  CHECK(json.out == "[]\n");
  // The same for a catalog and for an action on several ids that all fail.
  auto catalog = cli.run_with(config, {"catalog", "sizes"});
  CHECK(catalog.exit_code == 3);
  CHECK(catalog.out.empty());
  auto stopped = cli.run_with(config, {"stop", "alg", "8", "9"});
  CHECK(stopped.exit_code == 3);
  CHECK(stopped.out.empty());
  // One provider answering, even with no VMs, keeps the table's header.
  Simulated empty{{}, 0};
  auto const both = cli.write_config(config_of({{"alg", sim.block("wrong-token")}, {"none", empty.block()}}));
  auto partly = cli.run_with(both, {"list"});
  CHECK(partly.out.rfind("PROVIDER", 0) == 0);
}

TEST_CASE("exit code 3: a wrong token") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block("wrong-token")}}));
  for (auto const& args : std::vector<std::vector<std::string>>{{"list"}, {"get", "alg", "8"}}) {
    auto result = cli.run_with(config, args);
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 3);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("alg: ") != std::string::npos);
    CHECK(result.err.find("unauthenticated") != std::string::npos);
  }
}

TEST_CASE("exit code 4: get of a missing id over HTTP - the message names the id") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  for (std::vector<std::string> args : {std::vector<std::string>{"get", "alg", "987654"},
                                        {"stop", "alg", "987654"},
                                        {"wait", "alg", "987654", "--state", "running"}}) {
    auto result = cli.run_with(config, args);
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 4);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("987654") != std::string::npos);
  }
}

TEST_CASE("exit code 5: one of two providers unreachable - the other's instances are still printed") {
  Simulated sim;
  RefusedPort refused;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}, {"down", refused_block(refused.port())}}));
  auto result = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 5);
  auto const all = parse_output(result.out).as_array();
  CHECK_FALSE(all.empty());
  for (auto const& instance : all) CHECK(instance.at("provider") == "alg");
  CHECK(count_lines(result.err) == 1);
  CHECK(result.err.rfind("polycloud: down: list: ", 0) == 0);
}

TEST_CASE("exit code 1: the only provider is unreachable") {
  RefusedPort refused;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"down", refused_block(refused.port())}}));
  auto result = cli.run_with(config, {"get", "down", "8"});
  INFO("stderr: ", result.err);
  CHECK(result.exit_code == 1);
  CHECK(count_lines(result.err) == 1);
}

TEST_CASE("no token appears in any output, even with --verbose") {
  Simulated sim;
  RefusedPort refused;
  CliFixture cli;
  auto const good =
      cli.write_config(config_of({{"alg", sim.block()}, {"down", refused_block(refused.port())}}), "good.json");
  auto const bad = cli.write_config(config_of({{"alg", sim.block(token + "-nope")}}), "bad.json");
  std::vector<std::pair<std::string, std::vector<std::string>>> const runs{
      {good, {"--verbose", "list"}},
      {good, {"--verbose", "get", "alg", "8"}},
      {good, {"--verbose", "get", "alg", "987654"}},
      {good, {"--verbose", "providers", "-o", "json"}},
      {good, {"--verbose", "create", "alg", "--name", "t", "--size", "s-1", "--image", "ubuntu", "--no-wait"}},
      {bad, {"--verbose", "list", "-o", "csv"}},
  };
  bool traced = false;
  for (auto const& [config, args] : runs) {
    auto result = cli.run_with(config, args);
    INFO("stdout: ", result.out, " stderr: ", result.err);
    CHECK(result.out.find(token) == std::string::npos);
    CHECK(result.err.find(token) == std::string::npos);
    traced = traced || result.err.find("/v1/vms") != std::string::npos;
  }
  CHECK(traced);  // --verbose did print the exchanges
}

TEST_CASE("terminal escapes in a VM name are shown visibly in table and csv - exact in json") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  std::string const evil = "evil\x1b[31m\r\nred\x07";
  auto created = cli.run_with(config, {"create", "alg", "--name", evil, "--size", "s-1", "--image", "ubuntu",
                                       "--no-wait", "-o", "json"});
  INFO("stderr: ", created.err);
  REQUIRE(created.exit_code == 0);
  CHECK(parse_output(created.out).at("name").as_string() == evil);  // JSON escapes it: exact
  CHECK(created.err.find('\x1b') == std::string::npos);  // the progress label
  CHECK(created.err.find("evil\\x1b[31m\\x0d\\x0ared\\x07") != std::string::npos);
  auto const id = std::string(parse_output(created.out).at("id").as_string());

  auto json_list = cli.run_with(config, {"list", "-o", "json", "--name", "evil*"});
  REQUIRE(parse_output(json_list.out).as_array().size() == 1);
  CHECK(parse_output(json_list.out).at(0).at("name").as_string() == evil);

  for (auto const& format : {"table", "csv"}) {
    auto result = cli.run_with(config, {"list", "-o", format, "--name", "evil*"});
    INFO("format: ", format, " stdout: ", result.out);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find('\x1b') == std::string::npos);
    CHECK(result.out.find('\x07') == std::string::npos);
    CHECK(result.out.find("evil\\x1b[31m\\x0d\\x0ared\\x07") != std::string::npos);
    CHECK(count_lines(result.out) == 2);  // header and one row: CR/LF did not split it
  }
  auto shown = cli.run_with(config, {"get", "alg", id});
  CHECK(shown.out.find('\x1b') == std::string::npos);
  CHECK(shown.out.find("evil\\x1b[31m") != std::string::npos);

  // An error message quoting provider (or user) text is made visible too.
  auto missing = cli.run_with(config, {"get", "alg", "99\x1b[2J"});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find('\x1b') == std::string::npos);
  CHECK(count_lines(missing.err) == 1);
}

TEST_CASE("--raw adds the provider's own object to json - list and get") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto plain = parse_output(cli.run_with(config, {"list", "-o", "json"}).out).as_array();
  REQUIRE_FALSE(plain.empty());
  CHECK_FALSE(plain[0].as_object().contains("raw"));
  auto raw = cli.run_with(config, {"list", "-o", "json", "--raw"});
  INFO("stderr: ", raw.err);
  auto const all = parse_output(raw.out).as_array();
  REQUIRE(all.size() == plain.size());
  for (auto const& instance : all) {
    auto const& object = instance.as_object();
    REQUIRE(object.at("raw").is_object());
    CHECK(object.at("raw").as_object().contains("id"));
    CHECK(object.size() == plain[0].as_object().size() + 1);  // the neutral keys are unchanged
  }
  auto const id = std::string(all[0].at("id").as_string());
  auto got = parse_output(cli.run_with(config, {"get", "alg", id, "-o", "json", "--raw"}).out);
  CHECK(got.at("raw").is_object());
  auto one_field = parse_output(cli.run_with(config, {"get", "alg", id, "-o", "json", "--fields", "id,raw"}).out);
  CHECK(one_field.as_object().size() == 2);
  CHECK(one_field.at("raw").is_object());
}

TEST_CASE("unicode: table columns align by display width - --name ? matches one character") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  for (std::string const name : {"\u4e2d\u6587-1", "ab-1"})
    REQUIRE(cli.run_with(config, {"create", "alg", "--name", name, "--size", "s-1", "--image", "ubuntu", "--no-wait"})
                .exit_code == 0);
  auto table = cli.run_with(config, {"list", "--name", "*-1", "--fields", "name,state"});
  REQUIRE(table.exit_code == 0);
  auto const rows = lines_of(table.out);
  REQUIRE(rows.size() == 3);
  // Display columns before the state: "中文-1" is 6 columns wide (8 bytes), "ab-1" is 4.
  auto columns_before_state = [](std::string const& row) {
    auto const state = row.find_first_of("pr", row.find("  "));  // pending/running
    std::size_t columns = 0;
    for (std::size_t i = 0; i < state; ++i) {
      auto const byte = static_cast<unsigned char>(row[i]);
      if ((byte & 0xC0) == 0x80) continue;
      columns += byte >= 0xE0 ? 2 : 1;  // the CJK characters here are 3-byte UTF-8, 2 columns
    }
    return columns;
  };
  CHECK(rows[0].find("STATE") == 8);
  CHECK(columns_before_state(rows[1]) == 8);
  CHECK(columns_before_state(rows[2]) == 8);

  auto one = cli.run_with(config, {"list", "-o", "json", "--name", "?\u6587-1"});
  auto const matched = parse_output(one.out).as_array();
  REQUIRE(matched.size() == 1);
  CHECK(matched[0].at("name").as_string() == "\u4e2d\u6587-1");
}

TEST_CASE("--dry-run prints the request with credentials redacted and sends nothing") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto created = cli.run_with(config, {"--dry-run", "create", "alg", "--name", "dry-web", "--size", "s-1", "--image",
                                       "ubuntu"});
  INFO("stdout: ", created.out, "\nstderr: ", created.err);
  CHECK(created.exit_code == 0);
  CHECK(created.out.rfind("POST " + sim.server->origin() + "/", 0) == 0);
  CHECK(created.out.find("\nAuthorization: REDACTED\n") != std::string::npos);
  CHECK(created.out.find("\n\n{") != std::string::npos);  // the body after a blank line
  CHECK(created.out.find("\"dry-web\"") != std::string::npos);
  CHECK(created.out.find(token) == std::string::npos);
  CHECK(created.err.find(token) == std::string::npos);
  auto after = cli.run_with(config, {"list", "-o", "json", "--name", "dry-web"});
  CHECK(parse_output(after.out).as_array().empty());  // nothing was created

  auto const id = std::string(parse_output(cli.run_with(config, {"list", "-o", "json"}).out).at(0).at("id").as_string());
  auto deleted = cli.run_with(config, {"delete", "alg", id, "--dry-run"});
  CHECK(deleted.exit_code == 0);
  CHECK(deleted.out.rfind("DELETE ", 0) == 0);
  CHECK(deleted.out.find("FIELD") == std::string::npos);  // no empty record after the request
  CHECK(cli.run_with(config, {"get", "alg", id}).exit_code == 0);  // still there
}

TEST_CASE("--dry-run refuses a provider that is not on the library's transport") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(R"({"providers": {"a": {"type": "fake"}}})"),
                             {"--dry-run", "delete", "a", "fake-1000"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("--dry-run") != std::string::npos);
}

TEST_CASE("list -o json and csv print providers in selection order - ndjson streams with a provider key") {
  Simulated slow, fast;
  slow.server->set_latency(std::chrono::milliseconds(400));  // answers last: answer order would put it last
  RefusedPort down;
  CliFixture cli;
  auto const config = cli.write_config(
      config_of({{"down", refused_block(down.port())}, {"slow", slow.block()}, {"fast", fast.block()}}));

  /// The provider of each record, in output order, with consecutive repeats folded: "slow fast".
  auto runs = [](std::vector<std::string> const& providers) {
    std::string folded;
    for (std::size_t i = 0; i < providers.size(); ++i)
      if (i == 0 || providers[i] != providers[i - 1]) folded += (folded.empty() ? "" : " ") + providers[i];
    return folded;
  };
  auto json_providers = [](std::string const& out) {
    std::vector<std::string> providers;
    auto const records = parse_output(out);
    for (auto const& record : records.as_array()) providers.emplace_back(record.at("provider").as_string());
    return providers;
  };

  auto json = cli.run_with(config, {"list", "-o", "json"});
  INFO("stderr: ", json.err);
  CHECK(json.exit_code == 5);  // "down" failed, the others printed
  auto const listed = json_providers(json.out);
  auto const each = parse_output(cli.run_with(config, {"list", "-o", "json", "--provider", "fast"}).out).as_array().size();
  REQUIRE(each > 0);
  CHECK(listed.size() == 2 * each);
  CHECK(runs(listed) == "slow fast");
  CHECK(runs(json_providers(cli.run_with(config, {"list", "-o", "json", "--provider", "fast", "--provider", "slow"}).out)) ==
        "fast slow");

  auto csv = cli.run_with(config, {"list", "-o", "csv", "--fields", "provider,id", "--no-headers"});
  std::vector<std::string> csv_providers;
  for (auto const& line : lines_of(csv.out))
    if (!line.empty()) csv_providers.push_back(line.substr(0, line.find(',')));
  CHECK(csv_providers.size() == 2 * each);
  CHECK(runs(csv_providers) == "slow fast");

  auto ndjson = cli.run_with(config, {"list", "-o", "ndjson", "--provider", "slow", "--provider", "fast"});
  std::vector<std::string> ndjson_providers;
  for (auto const& line : lines_of(ndjson.out))
    if (!line.empty()) ndjson_providers.emplace_back(parse_output(line).at("provider").as_string());
  CHECK(ndjson_providers.size() == 2 * each);  // in answer order: only the provider key tells them apart
  std::sort(ndjson_providers.begin(), ndjson_providers.end());
  CHECK(runs(ndjson_providers) == "fast slow");
}

TEST_CASE("get - stop - wait by a unique name over HTTP - an ambiguous name lists the ids with exit 2") {
  Simulated sim;
  CliFixture cli;
  auto const config = cli.write_config(config_of({{"alg", sim.block()}}));
  auto create = [&](std::string const& name) {
    auto made = cli.run_with(config, {"create", "alg", "--name", name, "--size", "small", "--image", "debian",
                                      "--no-wait", "-o", "value", "--fields", "id"});
    INFO("stderr: ", made.err);
    REQUIRE(made.exit_code == 0);
    return made.out.substr(0, made.out.find('\n'));
  };
  auto const solo = create("solo-by-name");
  auto got = cli.run_with(config, {"get", "alg", "solo-by-name", "-o", "value", "--fields", "id,name"});
  INFO("stderr: ", got.err);
  CHECK(got.exit_code == 0);
  CHECK(got.out == solo + "\tsolo-by-name\n");
  auto waited = cli.run_with(config, {"wait", "alg", "solo-by-name", "--state", "running", "-o", "value",
                                      "--fields", "id"});
  CHECK(waited.exit_code == 0);
  CHECK(waited.out == solo + "\n");
  auto stopped = cli.run_with(config, {"stop", "alg", "solo-by-name", "-o", "value", "--fields", "id,operation"});
  CHECK(stopped.exit_code == 0);
  CHECK(stopped.out == solo + "\tstop\n");

  auto const first = create("twin"), second = create("twin");
  auto ambiguous = cli.run_with(config, {"get", "alg", "twin"});
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("2 instances are named \"twin\"") != std::string::npos);
  CHECK(ambiguous.err.find(first) != std::string::npos);
  CHECK(ambiguous.err.find(second) != std::string::npos);
  auto none = cli.run_with(config, {"get", "alg", "nobody-by-that-name"});
  CHECK(none.exit_code == 4);
  CHECK(none.err.find("no instance has the id or the name \"nobody-by-that-name\"") != std::string::npos);
}
