#include "providers/common/settings_table.hpp"

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {

enum class Mode { soft, hard };

struct Settings {
  std::size_t limit = 100;
  Mode mode = Mode::soft;
  bool purge = false;
  std::optional<std::string> project;
};

SettingsTable<Settings> const table{
    count("limit", &Settings::limit, 1, 200),
    choice("mode", &Settings::mode, {{"SOFT", Mode::soft}, {"HARD", Mode::hard}}),
    flag("purge", &Settings::purge),
    text("project", &Settings::project),
};

std::string error_of(boost::json::object settings) {
  ProviderConfig config;
  config.name = "p";
  config.source = "pc.json";
  config.settings = std::move(settings);
  auto read = table.read(config);
  return read ? std::string("(no error)") : read.error().message;
}

}  // namespace

TEST_CASE("toolkit settings: each key declared once gives the defaults, the reads and the key list") {
  CHECK(table.keys() == std::vector<std::string>{"limit", "mode", "purge", "project"});
  ProviderConfig config;
  auto defaults = table.read(config);
  REQUIRE(defaults);
  CHECK(defaults->limit == 100);
  CHECK(defaults->mode == Mode::soft);
  config.settings = {{"limit", 7}, {"mode", "HARD"}, {"purge", true}, {"project", "p1"}};
  auto read = table.read(config);
  REQUIRE(read);
  CHECK(read->limit == 7);
  CHECK(read->mode == Mode::hard);
  CHECK(read->purge);
  CHECK(read->project == "p1");
}

TEST_CASE("toolkit settings: a bad value is a config error naming the key path and what was expected") {
  CHECK(error_of({{"limit", 0}}) == "pc.json: providers.p.limit: expected an integer from 1 to 200");
  CHECK(error_of({{"limit", "5"}}) == "pc.json: providers.p.limit: expected an integer from 1 to 200");
  CHECK(error_of({{"mode", "soft"}}) == "pc.json: providers.p.mode: expected \"SOFT\" or \"HARD\"");
  CHECK(error_of({{"purge", 1}}) == "pc.json: providers.p.purge: expected true or false");
  CHECK(error_of({{"project", ""}}) == "pc.json: providers.p.project: expected a non-empty string");
  CHECK(count_expectation(1, std::nullopt) == "expected a positive integer");
  CHECK(choice_expectation({"a", "b", "c"}) == "expected \"a\", \"b\" or \"c\"");
}

TEST_CASE("toolkit settings: an echoing choice names the word it refused") {
  SettingsTable<Settings> const echoing{choice("mode", &Settings::mode, {{"SOFT", Mode::soft}, {"HARD", Mode::hard}}, true)};
  ProviderConfig config;
  config.settings = {{"mode", "MEDIUM"}};
  CHECK(echoing.read(config).error().message.find("expected \"SOFT\" or \"HARD\", got \"MEDIUM\"") != std::string::npos);
  config.settings = {{"mode", 3}};
  CHECK(echoing.read(config).error().message.find("expected a non-empty string") != std::string::npos);
}
