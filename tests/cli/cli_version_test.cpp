// `polycloud version`: build details as a FIELD/VALUE table and as one JSON object.
#include "cli_fixture.hpp"

#include <boost/version.hpp>
#include <doctest/doctest.h>
#include <fmt/core.h>

namespace json = boost::json;

TEST_CASE("version -o json names the build: polycloud, compiler, libraries and the registered provider types") {
  CliFixture cli;
  auto const result = cli.run({"version", "-o", "json"});  // no config needed
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto const record = parse_output(result.out).as_object();
  // The same Boost the tests were built with: the values come from the headers, not a hand-kept list.
  CHECK(record.at("boost").as_string() ==
        fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100));
  CHECK(record.at("fmt").as_string().size() >= 5);
  CHECK(record.at("openssl").as_string().starts_with("OpenSSL "));
  CHECK_FALSE(record.at("compiler").as_string().empty());
  CHECK_FALSE(record.at("build_type").as_string().empty());
  auto const version = cli.run({"--version"}).out;  // "polycloud X.Y.Z\n"
  CHECK(version == "polycloud " + std::string(record.at("version").as_string()) + "\n");
  std::vector<std::string> types;
  for (auto const& type : record.at("provider_types").as_array()) types.emplace_back(type.as_string());
  for (auto const* builtin : {"openscaler", "katapult", "bycloud", "fake"})
    CHECK(std::find(types.begin(), types.end(), builtin) != types.end());
}

TEST_CASE("version prints a FIELD/VALUE table by default and honours --fields") {
  CliFixture cli;
  auto const table = cli.run({"version"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("FIELD") != std::string::npos);
  CHECK(table.out.find("openscaler") != std::string::npos);
  auto const just = cli.run({"version", "--fields", "version,boost", "-o", "json"});
  CHECK(parse_output(just.out).as_object().size() == 2);
  auto const bad = cli.run({"version", "--fields", "bost"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("did you mean \"boost\"") != std::string::npos);
}
