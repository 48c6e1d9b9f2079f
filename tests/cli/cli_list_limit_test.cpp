// `list --limit N` ends the listing itself once N records are printed, not only the printing: with a
// small page size on the simulators, the requests counted there show which pages were fetched.
#include "cli_fixture.hpp"

#include "sim/sandbox.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace {
using polycloud::sim::Sandbox;
using polycloud::sim::SandboxOptions;
using polycloud::sim::SandboxProvider;

/// Pages of 3 VMs (ByCloud `limit`, Katapult `per_page`): 150 VMs make 50 pages per provider.
constexpr std::size_t vms = 150;
constexpr std::size_t pages = vms / 3;
/// What a listing may send past the page it needs: the pager's two buffered batches and the page it is
/// loading (docs/cli.md), plus Katapult's pages fetched ahead (2 x list_concurrency 4).
constexpr std::uint64_t read_ahead = 3 + 8;

std::unique_ptr<Sandbox> start_sandbox() {
  SandboxOptions options;
  options.instances = vms;
  return Sandbox::start(options);
}

std::string small_pages_config(Sandbox const& sandbox) {
  boost::json::object providers;
  for (auto const& provider : sandbox.providers()) {
    if (provider.type == "openscaler") continue;  // one body holds every VM: nothing to stop early
    auto config = provider.to_config();
    config[provider.type == "bycloud" ? "limit" : "per_page"] = 3;
    providers[provider.name] = std::move(config);
  }
  return boost::json::serialize(boost::json::object{{"providers", std::move(providers)}});
}

std::uint64_t requests_seen(SandboxProvider const& provider) { return provider.server->stats().snapshot().requests_total; }

SandboxProvider const& of_type(Sandbox const& sandbox, std::string const& type) {
  for (auto const& provider : sandbox.providers())
    if (provider.type == type) return provider;
  FAIL("no provider of type " << type);
  throw;
}
}  // namespace

TEST_CASE("list --limit sends only the pages it needs - in the streamed and the collected output") {
  auto sandbox = start_sandbox();
  CliFixture cli;
  auto const config = cli.write_config(small_pages_config(*sandbox));
  for (auto const* type : {"bycloud", "katapult"}) {
    CAPTURE(type);
    auto const& provider = of_type(*sandbox, type);
    // The whole listing first: every page is requested (--fast: no per-VM detail gets to count).
    auto before = requests_seen(provider);
    auto all = cli.run_with(config, {"list", "--fast", "--provider", provider.name, "-o", "ndjson"});
    REQUIRE(all.exit_code == 0);
    CHECK(lines_of(all.out).size() == vms);
    CHECK(requests_seen(provider) - before >= pages);

    for (auto const* format : {"ndjson", "table", "json"}) {
      CAPTURE(format);
      before = requests_seen(provider);
      auto limited = cli.run_with(config, {"list", "--fast", "--provider", provider.name, "-o", format, "--limit", "2",
                                           "--fields", "id", "--no-headers"});
      INFO("stdout: ", limited.out, "\nstderr: ", limited.err);
      CHECK(limited.exit_code == 0);
      CHECK(limited.err.empty());
      auto const sent = requests_seen(provider) - before;
      CHECK(sent >= 1);
      CHECK(sent <= 1 + read_ahead);
      if (std::string(format) != "json") CHECK(lines_of(limited.out).size() == 2);
      if (std::string(format) == "json") CHECK(parse_output(limited.out).as_array().size() == 2);
    }
  }
}

TEST_CASE("list --limit over several providers prints the first in selection order and stops at them") {
  auto sandbox = start_sandbox();
  CliFixture cli;
  auto const config = cli.write_config(small_pages_config(*sandbox));
  auto const& first = of_type(*sandbox, "bycloud");
  auto const& second = of_type(*sandbox, "katapult");
  auto const before_first = requests_seen(first);
  auto limited = cli.run_with(config, {"list", "--fast", "--provider", first.name, "--provider", second.name, "-o", "csv",
                                       "--limit", "4", "--fields", "provider", "--no-headers"});
  INFO("stdout: ", limited.out, "\nstderr: ", limited.err);
  CHECK(limited.exit_code == 0);
  // The first 4 in selection order are all the first provider's, whichever provider answered first.
  CHECK(limited.out == first.name + "\r\n" + first.name + "\r\n" + first.name + "\r\n" + first.name + "\r\n");
  CHECK(requests_seen(first) - before_first <= 2 + read_ahead);
  // The second provider stops too, at its next page; how far it got by then depends on the two listings'
  // speeds, so no count of its requests is certain.
}
