// `create --print-spec-template`: an empty --spec file listing every key, which create accepts back.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

namespace json = boost::json;

TEST_CASE("create --print-spec-template prints every spec key without needing a provider or a config") {
  CliFixture cli;
  auto const result = cli.run({"create", "--print-spec-template"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  auto const spec = parse_output(result.out).as_object();
  for (auto const* key : {"name", "size", "image", "region", "zone", "description", "user_data", "user_data_is_secret",
                          "ssh_keys", "extra_disks_gb", "tags", "options", "idempotency_key"})
    CHECK_MESSAGE(spec.contains(key), key);
  CHECK(spec.size() == 13);
}

TEST_CASE("the spec template, filled in, is accepted by create --spec unchanged otherwise") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto spec = parse_output(cli.run({"create", "--print-spec-template"}).out).as_object();
  // Unfilled, it is a valid spec file that lacks the required values: the create names them.
  auto const empty = cli.run_with(config, {"create", "a", "--spec", cli.write_config(json::serialize(spec), "empty.json")});
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("needs --name, --size and --image") != std::string::npos);

  spec["name"] = "from-template";
  spec["size"] = "small";
  spec["image"] = "ubuntu";
  spec["tags"].as_object()["team"] = "ops";
  auto const filled = cli.write_config(json::serialize(spec), "filled.json");
  auto const created = cli.run_with(config, {"create", "a", "--spec", filled, "-o", "json"});
  CHECK(created.exit_code == 0);
  auto const instance = parse_output(created.out).as_object();
  CHECK(instance.at("name") == "from-template");
  CHECK(instance.at("tags").at("team") == "ops");
}
