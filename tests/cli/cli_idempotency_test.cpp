// `create --idempotency-key` and `--if-absent` (issue 19) as a user runs them, against the OpenScaler
// simulator over TLS: a rerun adopts the VM and says so, a bad key is refused before sending, a lost
// answer resolves to the VM, an unresolved one names the key and what to run.
#include "cli_fixture.hpp"
#include "simulated_openscaler.hpp"

#include "core/idempotency_key.hpp"
#include "sim/faults.hpp"

#include <polycloud/create_spec.hpp>

#include <doctest/doctest.h>

#include <fmt/core.h>

namespace {

using cli_test::Simulated;

struct KeyedCli {
  Simulated sim;
  CliFixture cli;
  std::string config = cli.write_config(fmt::format(R"({{"providers": {{"alg": {}}}}})", sim.block()));

  ProcessResult create(std::string const& name, std::vector<std::string> extra) const {
    std::vector<std::string> args{"create", "alg", "--name", name, "--size", "s-1", "--image", "ubuntu", "-o", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli.run_with(config, args);
  }

  std::uint64_t posts() const { return sim.server->stats().snapshot().requests_for("POST /v1/vms"); }

  void inject(boost::json::object fault) const {
    std::string error;
    auto parsed = polycloud::sim::parse_fault(fault, error);
    REQUIRE_MESSAGE(parsed, error);
    sim.server->faults().add(*parsed);
  }
};

}  // namespace

TEST_CASE("create --idempotency-key: a rerun prints the same VM with adopted true and creates nothing") {
  KeyedCli env;
  auto first = env.create("keyed-web", {"--idempotency-key", "deploy-7.web"});
  INFO("stderr: ", first.err);
  REQUIRE(first.exit_code == 0);
  auto const made = parse_output(first.out).as_object();
  CHECK(made.at("adopted") == false);

  auto again = env.create("keyed-web", {"--idempotency-key", "deploy-7.web"});
  INFO("stderr: ", again.err);
  REQUIRE(again.exit_code == 0);
  auto const adopted = parse_output(again.out).as_object();
  CHECK(adopted.at("adopted") == true);
  CHECK(adopted.at("id") == made.at("id"));
  CHECK(env.posts() == 1);

  // The table shows it too, as one FIELD VALUE line.
  auto table = env.cli.run_with(env.config, {"create", "alg", "--name", "keyed-web", "--size", "s-1", "--image",
                                             "ubuntu", "--idempotency-key", "deploy-7.web", "-o", "table"});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("adopted") != std::string::npos);
  CHECK(table.out.find("true") != std::string::npos);
  CHECK(env.posts() == 1);
}

TEST_CASE("create --if-absent: the key derives from provider and name - a rerun adopts") {
  KeyedCli env;
  auto first = env.create("absent-web", {"--if-absent"});
  INFO("stderr: ", first.err);
  REQUIRE(first.exit_code == 0);
  auto const id = std::string(parse_output(first.out).at("id").as_string());
  auto raw = env.cli.run_with(env.config, {"get", "alg", id, "--raw", "-o", "json"});
  REQUIRE(raw.exit_code == 0);
  auto const description = std::string(parse_output(raw.out).at("raw").at("description").as_string());
  CHECK(description.ends_with("polycloud-key:" + polycloud::if_absent_idempotency_key("alg", "absent-web")));

  auto again = env.create("absent-web", {"--if-absent"});
  REQUIRE(again.exit_code == 0);
  CHECK(parse_output(again.out).at("adopted") == true);
  CHECK(parse_output(again.out).at("id").as_string() == id);
  // Another name is another key: created.
  auto other = env.create("absent-db", {"--if-absent"});
  REQUIRE(other.exit_code == 0);
  CHECK(parse_output(other.out).at("adopted") == false);
  CHECK(env.posts() == 2);
}

TEST_CASE("create: a bad --idempotency-key is refused before sending - and --if-absent excludes it") {
  KeyedCli env;
  for (std::string const& bad : std::vector<std::string>{"with space", std::string(65, 'k'), "a/b"}) {
    CAPTURE(bad);
    auto refused = env.create("bad-key", {"--idempotency-key", bad});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("invalid_argument") != std::string::npos);
    CHECK(refused.err.find("idempotency key") != std::string::npos);
  }
  auto both = env.create("bad-key", {"--idempotency-key", "k1", "--if-absent"});
  CHECK(both.exit_code == 2);
  CHECK(env.sim.server->stats().snapshot().requests_total == 0);
}

TEST_CASE("create --idempotency-key: a cut stream resolves to the VM - a 504 names the key and the rerun") {
  KeyedCli env;
  env.inject({{"fault", "sse_cut"}, {"method", "POST"}, {"path", "/v1/vms"}});
  auto cut = env.create("cut-web", {"--idempotency-key", "cut-key"});
  INFO("stderr: ", cut.err);
  REQUIRE(cut.exit_code == 0);
  CHECK(parse_output(cut.out).at("name") == "cut-web");
  CHECK(parse_output(cut.out).at("adopted") == false);
  CHECK(env.posts() == 1);

  env.inject({{"fault", "status"}, {"status", 504}, {"method", "POST"}, {"path", "/v1/vms"}});
  auto lost = env.create("gateway-web", {"--idempotency-key", "gateway-key"});
  CHECK(lost.exit_code != 0);
  CHECK(lost.err.find("unknown_outcome") != std::string::npos);
  CHECK(lost.err.find("idempotency key \"gateway-key\"") != std::string::npos);
  CHECK(lost.err.find("--idempotency-key gateway-key") != std::string::npos);
  // The advised rerun creates the VM once.
  auto rerun = env.create("gateway-web", {"--idempotency-key", "gateway-key"});
  REQUIRE(rerun.exit_code == 0);
  CHECK(parse_output(rerun.out).at("adopted") == false);
  CHECK(env.posts() == 3);
}

TEST_CASE("create --spec: idempotency_key in the file keys the create - the flag overrides it - a bad one sends nothing") {
  KeyedCli env;
  auto const spec = env.cli.write_config(
      R"({"name": "spec-web", "size": "s-1", "image": "ubuntu", "idempotency_key": "spec-key-1"})", "keyed-spec.json");
  auto const from_file = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"create", "alg", "--spec", spec, "-o", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return env.cli.run_with(env.config, args);
  };
  auto first = from_file({});
  INFO("stderr: ", first.err);
  REQUIRE(first.exit_code == 0);
  auto const id = std::string(parse_output(first.out).at("id").as_string());
  CHECK(parse_output(first.out).at("adopted") == false);
  auto raw = env.cli.run_with(env.config, {"get", "alg", id, "--raw", "-o", "json"});
  REQUIRE(raw.exit_code == 0);
  CHECK(std::string(parse_output(raw.out).at("raw").at("description").as_string()).ends_with("polycloud-key:spec-key-1"));

  auto again = from_file({});  // the file's key: adopted
  REQUIRE(again.exit_code == 0);
  CHECK(parse_output(again.out).at("adopted") == true);
  CHECK(parse_output(again.out).at("id").as_string() == id);
  CHECK(env.posts() == 1);

  auto overridden = from_file({"--idempotency-key", "spec-key-2"});  // the flag's key: a VM of its own
  INFO("stderr: ", overridden.err);
  REQUIRE(overridden.exit_code == 0);
  CHECK(parse_output(overridden.out).at("adopted") == false);
  CHECK(parse_output(overridden.out).at("id").as_string() != id);
  CHECK(env.posts() == 2);

  auto const requests = env.sim.server->stats().snapshot().requests_total;
  for (std::string const& bad : std::vector<std::string>{"with space", std::string(65, 'k'), "a/b"}) {
    CAPTURE(bad);
    auto const bad_spec = env.cli.write_config(
        R"({"name": "spec-web", "size": "s-1", "image": "ubuntu", "idempotency_key": ")" + bad + R"("})", "bad-key.json");
    // Checked as the file is read, by the same rule and with the same refusal as the flag's key (exit 1),
    // even when a flag would replace it: a spec file holding a bad key is a bad file.
    for (auto const& extra : {std::vector<std::string>{}, std::vector<std::string>{"--idempotency-key", "fine-key"}}) {
      auto refused = env.cli.run_with(env.config, [&] {
        std::vector<std::string> args{"create", "alg", "--spec", bad_spec};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
      }());
      CHECK(refused.exit_code == 1);
      CHECK(refused.err.find("invalid_argument") != std::string::npos);
      CHECK(refused.err.find("bad-key.json: idempotency_key: " +
                             polycloud::idempotency_key_refusal(bad, "alg", "create").message) != std::string::npos);
    }
  }
  CHECK(env.sim.server->stats().snapshot().requests_total == requests);
}
