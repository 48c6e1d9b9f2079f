// create by requirement (issue 18): selectors and names resolved through each simulator's catalog,
// placement over `any`, --explain, and bad input refused before anything is sent. The real binary
// against an in-process sandbox of the three simulators.
#include "cli_fixture.hpp"

#include "sim/sandbox.hpp"

#include <doctest/doctest.h>

#include <fstream>

namespace {
using polycloud::sim::Sandbox;

std::string const portable_size = "cpu>=1,mem>=2GiB";

/// Requests that are not GETs, over every simulator: what would change something.
std::uint64_t changing_requests(Sandbox const& sandbox) {
  std::uint64_t count = 0;
  for (auto const& provider : sandbox.providers())
    for (auto const& [route, seen] : provider.server->stats().snapshot().requests)
      if (!route.starts_with("GET ")) count += seen;
  return count;
}

std::uint64_t all_requests(Sandbox const& sandbox) {
  std::uint64_t count = 0;
  for (auto const& provider : sandbox.providers()) count += provider.server->stats().snapshot().requests_total;
  return count;
}

/// `create PROVIDER --name NAME … --no-wait -o json` plus `extra`.
ProcessResult create(CliFixture const& cli, std::string const& config, std::string const& provider,
                     std::vector<std::string> extra) {
  std::vector<std::string> args{"-o", "json", "create", provider, "--name", "sel-web", "--no-wait"};
  args.insert(args.end(), extra.begin(), extra.end());
  return cli.run_with(config, args);
}
}  // namespace

TEST_CASE("select: one selector spec creates on every simulator with that provider's own ids") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  for (auto const* provider : {"alg", "kat", "byc"}) {
    CAPTURE(provider);
    auto created = create(cli, config, provider, {"--size", portable_size, "--image", "debian:12"});
    INFO("stderr: ", created.err);
    REQUIRE(created.exit_code == 0);
    auto const vm = parse_output(created.out).as_object();
    CHECK(vm.at("provider").as_string() == provider);
    auto const size = std::string(vm.at("size").as_string());
    CHECK_FALSE(size.empty());
    CHECK(size.find(">=") == std::string::npos);  // the provider's size, not the selector
  }
}

TEST_CASE("select: --explain prints every candidate with its reason on stderr, stdout stays the record") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto created = create(cli, config, "kat", {"--size", "cpu>=2,mem>=2GiB", "--image", "debian:12", "--explain"});
  INFO("stderr: ", created.err);
  REQUIRE(created.exit_code == 0);
  CHECK(parse_output(created.out).is_object());
  CHECK(created.err.find("size `cpu>=2,mem>=2GiB` on kat: by selector, ") != std::string::npos);
  CHECK(created.err.find("image `debian:12` on kat: by selector, ") != std::string::npos);
  CHECK(created.err.find("\n  chosen    ") != std::string::npos);
  CHECK(created.err.find("\n  rejected  ") != std::string::npos);
  CHECK(created.err.find("(Rock-3): needs cpu>=2, has 1 vCPU") != std::string::npos);
}

TEST_CASE("select: names that list and get show are accepted by create") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  for (auto const& pair : {std::pair{"kat", "Rock-3"}, std::pair{"byc", "m1.small"}}) {
    auto const provider = pair.first;  // not a structured binding: clang 14 cannot CAPTURE one
    auto const size = pair.second;
    CAPTURE(provider);
    auto created = create(cli, config, provider, {"--size", size, "--image", "debian:12"});
    INFO("stderr: ", created.err);
    REQUIRE(created.exit_code == 0);
    CHECK(parse_output(created.out).as_object().at("size").as_string() == size);
  }
}

TEST_CASE("select: a selector mistake is exit 2 with a caret, before anything is sent") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const before = all_requests(*sandbox);
  auto bad = create(cli, config, "kat", {"--size", "cpu>=2,mem>=4", "--image", "debian:12"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "polycloud: kat: create: usage: size selector: memory needs a unit: MiB or GiB at column 14:\n"
                   "  cpu>=2,mem>=4\n"
                   "               ^\n");
  auto image = create(cli, config, "any", {"--size", portable_size, "--image", "debian:>"});
  CHECK(image.exit_code == 2);
  CHECK(image.err.find("image selector: expected a version such as 12 or 22.04 at column 9:") != std::string::npos);
  CHECK(all_requests(*sandbox) == before);
}

TEST_CASE("select: no match is exit 2 naming the three nearest and why, and creates nothing") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const before = changing_requests(*sandbox);
  auto none = create(cli, config, "kat", {"--size", "cpu>=512", "--image", "debian:12"});
  CHECK(none.exit_code == 2);
  INFO("stderr: ", none.err);
  auto const lines = lines_of(none.err);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0].starts_with("polycloud: kat: create: usage: no size matches `cpu>=512` among "));
  CHECK(lines[0].ends_with("; the nearest:"));
  for (std::size_t i = 1; i <= 3; ++i) CHECK(lines[i].find(": needs cpu>=512, has ") != std::string::npos);
  auto unknown = create(cli, config, "kat", {"--size", "Rokc-3", "--image", "debian:12"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no size is named `Rokc-3` among ") != std::string::npos);
  CHECK(unknown.err.find("(Rock-3): not `Rokc-3` (2 edits away)") != std::string::npos);
  CHECK(changing_requests(*sandbox) == before);
}

TEST_CASE("select: create any chooses the same provider byte for byte across 100 runs and says why") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const before = changing_requests(*sandbox);
  std::string first;
  for (int run = 0; run < 100; ++run) {
    auto placed = cli.run_with(config, {"--dry-run", "create", "any", "--name", "sel-any", "--size", portable_size,
                                        "--image", "debian:12", "--no-wait", "--explain"});
    INFO("stderr: ", placed.err);
    REQUIRE(placed.exit_code == 0);
    if (run == 0) {
      first = placed.err;
      CHECK(first.starts_with("provider:\n  chosen    "));
      CHECK(first.find("\n  outranked ") != std::string::npos);
    } else {
      CHECK(placed.err == first);
    }
  }
  CHECK(changing_requests(*sandbox) == before);  // a dry run reads catalogs, never creates
}

TEST_CASE("select: a placement rules out a provider lacking a feature the spec uses, naming it") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  auto const user_data = cli.dir() / "cloud-init.yaml";
  std::ofstream(user_data) << "#cloud-config\n";
  // A list, even of one, is a placement: the feature is checked there, before any create is sent.
  auto const before = changing_requests(*sandbox);
  auto only_kat = cli.run_with(config, {"create", "kat,kat", "--name", "x", "--size", portable_size, "--image",
                                        "debian:12", "--user-data", user_data.string()});
  INFO("stderr: ", only_kat.err);
  CHECK(only_kat.err.find("  rejected  kat: cannot serve it: the spec uses user_data, which kat does not support") !=
        std::string::npos);
  CHECK(only_kat.exit_code == 2);
  CHECK(only_kat.err.find("no provider can serve the spec:\n  kat: cannot serve it: the spec uses user_data") !=
        std::string::npos);
  CHECK(changing_requests(*sandbox) == before);
}

TEST_CASE("select: the portable create of create --help (size small, image debian) works on every sandbox provider") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  for (auto const* provider : {"alg", "kat", "byc"}) {
    CAPTURE(provider);
    auto created = create(cli, config, provider, {"--size", "small", "--image", "debian"});
    INFO("stderr: ", created.err);
    CHECK(created.exit_code == 0);
  }
  auto placed = create(cli, config, "any", {"--size", portable_size, "--image", "debian:12", "--explain"});
  INFO("stderr: ", placed.err);
  CHECK(placed.exit_code == 0);
}

TEST_CASE("select: create --refresh lists every catalog again within the TTL, where a plain create reads the cache") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const config = cli.write_config(sandbox->config_json());
  // A dry run sends only what resolving reads: every request counted here is a catalog request.
  auto const place = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"--dry-run", "create", "any", "--name", "sel-refresh", "--size", portable_size,
                                  "--image", "debian:12", "--no-wait"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto placed = cli.run_with(config, args);
    INFO("stderr: ", placed.err);
    CHECK(placed.exit_code == 0);
  };
  auto const per_simulator = [&] {
    std::vector<std::uint64_t> counts;
    for (auto* server : {&sandbox->openscaler(), &sandbox->katapult(), &sandbox->bycloud()})
      counts.push_back(server->stats().snapshot().requests_total);
    return counts;
  };
  place({});  // lists each provider's catalog once and caches it
  auto const cached = per_simulator();
  for (auto const count : cached) CHECK(count > 0);
  place({});
  CHECK(per_simulator() == cached);  // within the TTL: 0 catalog requests
  place({"--refresh"});
  auto const refreshed = per_simulator();
  for (std::size_t i = 0; i < cached.size(); ++i) CHECK(refreshed[i] > cached[i]);
  place({});
  CHECK(per_simulator() == refreshed);  // the refreshed files serve the next run
}

TEST_CASE("select: a config prices block ranks a provider whose catalog has none, and explain says the price is config's") {
  auto sandbox = Sandbox::start();
  CliFixture cli;
  auto const explained = [&](std::string const& config) {
    auto placed = cli.run_with(config, {"--dry-run", "create", "any", "--name", "sel-priced", "--size", portable_size,
                                        "--image", "debian:12", "--no-wait", "--explain"});
    INFO("stderr: ", placed.err);
    CHECK(placed.exit_code == 0);
    return placed.err;
  };
  // The sandbox's written config prices Katapult and ByCloud (their catalogs carry no price): a real choice.
  auto const seeded = explained(cli.write_config(sandbox->config_json()));
  CHECK(seeded.starts_with("provider:\n  chosen    kat: serves it best: size rock-3 (1 vCPU, 3 GiB, 25 GB, 0.015 EUR/h "
                           "(config))\n"));
  CHECK(seeded.find("  outranked byc: can serve it with size 6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01 (1 vCPU, 2 GiB, 20 "
                    "GB, 0.019 EUR/h (config)), but dearer: 0.019 EUR/h > 0.015 EUR/h of kat's rock-3\n") !=
        std::string::npos);

  // An overlay making ByCloud's m1.small (keyed by its name) the cheapest moves the choice there.
  auto document = boost::json::parse(sandbox->config_json()).as_object();
  document["providers"].as_object()["byc"].as_object()["prices"] = {
      {"m1.small", {{"price_hourly", 0.005}, {"currency", "EUR"}}}};
  auto const cheap_config = cli.write_config(boost::json::serialize(document), "cheap-byc.json");
  auto const cheaper = explained(cheap_config);
  CHECK(cheaper.starts_with("provider:\n  chosen    byc: serves it best: size 6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01 (1 "
                            "vCPU, 2 GiB, 20 GB, 0.005 EUR/h (config))\n"));
  CHECK(cheaper.find("  outranked kat: can serve it with size rock-3 (1 vCPU, 3 GiB, 25 GB, 0.015 EUR/h (config)), "
                     "but dearer: 0.015 EUR/h > 0.005 EUR/h of byc's 6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01\n") !=
        std::string::npos);
  CHECK(cheaper.find("  chosen    6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01 (m1.small): the best match: 1 vCPU, 2 GiB, 20 GB, "
                     "0.005 EUR/h (config)\n") != std::string::npos);

  // The catalog says the same: the size is the API's, its price the config's.
  auto const listed = cli.run_with(cheap_config, {"catalog", "sizes", "--provider", "byc", "-o", "json"});
  REQUIRE(listed.exit_code == 0);
  auto const small = parse_output(listed.out).as_array().at(0).as_object();
  CHECK(small.at("name") == "m1.small");
  CHECK(small.at("price_hourly").as_double() == 0.005);
  CHECK(small.at("price_source") == "config");
  CHECK(small.at("source") == "api");
}
