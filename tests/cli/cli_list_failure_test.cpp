// `polycloud list` when a provider fails mid-list: the instances it delivered before the error are
// printed in every format (the table too, which collects before printing), then the error.
#include "cli_fixture.hpp"

#include "sim/katapult/katapult.hpp"
#include "sim/server.hpp"

#include <doctest/doctest.h>

#include <fmt/core.h>

#include <memory>

namespace {

constexpr char const* kat_token = "cli-test-katapult-token-8d41";

/// A Katapult simulator whose 5th listed VM is malformed.
struct MalformedFifth {
  MalformedFifth() {
    polycloud::sim::KatapultOptions options;
    options.instances = 12;
    options.token = kat_token;
    options.malformed_item = 4;
    server = polycloud::sim::Server::start(std::make_shared<polycloud::sim::KatapultApi>(options));
  }
  std::string config() const {
    return fmt::format(R"({{"providers": {{"kat": {{"type": "katapult", "endpoint": "{}{}", "ca_file": "{}",
                           "token": "{}", "organization": {{"sub_domain": "polycloud-sim"}}}}}}}})",
                       server->origin(), polycloud::sim::KatapultApi::kBasePath, server->ca_file(), kat_token);
  }
  std::unique_ptr<polycloud::sim::Server> server;
};

}  // namespace

TEST_CASE("list -o table prints the rows delivered before a provider failed mid-list - then the error") {
  MalformedFifth sim;
  CliFixture cli;
  auto const config = cli.write_config(sim.config());
  auto const generated = [&](std::size_t index) {
    return static_cast<polycloud::sim::KatapultApi&>(sim.server->api()).generated_id(index);
  };
  for (std::string format : {"table", "csv"}) {
    CAPTURE(format);
    auto result = cli.run_with(config, {"list", "--fast", "-o", format, "--fields", "provider,id", "--no-headers"});
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 1);  // the protocol error's code, as before: only the rows are new
    auto const lines = lines_of(result.out);
    std::vector<std::string> rows;
    for (auto const& line : lines)
      if (!line.empty()) rows.push_back(line);
    REQUIRE(rows.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
      CAPTURE(i);
      CAPTURE(rows[i]);
      CHECK(rows[i].find(generated(i)) != std::string::npos);
    }
    CHECK(result.err.find("kat: list: protocol") != std::string::npos);
    CHECK(result.err.find("item 5") != std::string::npos);
  }
}
