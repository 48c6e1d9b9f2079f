// A pager dropped while its pages are in flight, then its provider (or fleet) destroyed while the
// io_context still runs: the listing's detached work (the page being streamed, pages fetched ahead)
// must end without touching the destroyed adapter. Under ASan a use-after-free fails these tests; the
// dev build checks that the work ends and stops sending.
#include "sim/sandbox.hpp"

#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>

using namespace polycloud;
using namespace std::chrono_literals;

namespace {

constexpr char const* kat_list_route = "GET /core/v1/organizations/organization/virtual_machines";

/// The three simulators, slow enough (40 ms an answer) that pages are still in flight when the first
/// batch arrives; Katapult with pages of 20, 4 fetched at once.
struct SlowSandbox {
  SlowSandbox() {
    sim::SandboxOptions options;
    options.instances = 3000;
    options.latency = 40ms;
    sandbox = sim::Sandbox::start(options);
  }

  ProviderConfig config_of(std::string const& type) const {
    for (auto const& entry : sandbox->providers()) {
      if (entry.type != type) continue;
      auto config = parse_config(boost::json::serialize(boost::json::object{{"providers", {{entry.name, entry.to_config()}}}}),
                                 "(sandbox)")
                        .value()
                        .providers.at(0);
      if (type == "katapult") config.settings["per_page"] = 20;
      return config;
    }
    FAIL("no sandbox provider of type ", type);
    return {};
  }

  std::unique_ptr<sim::Sandbox> sandbox;
};

/// Runs `io` until `future` is ready, leaving whatever else was started (the listing's detached work)
/// pending.
template <class Future>
auto run_until_ready(boost::asio::io_context& io, Future& future) {
  while (future.wait_for(0s) != std::future_status::ready) io.run_one();
  return future.get();
}

}  // namespace

TEST_CASE("a pager dropped mid-listing and then its provider destroyed: the detached pages end safely") {
  SlowSandbox env;
  for (std::string type : {"openscaler", "katapult", "bycloud"}) {
    CAPTURE(type);
    boost::asio::io_context io;
    auto provider = make_provider(env.config_of(type), ProviderContext{io.get_executor(), {}}).value();
    auto pager = provider->list(ListOptions());
    auto first = boost::asio::co_spawn(io, pager->next(), boost::asio::use_future);
    auto batch = run_until_ready(io, first);
    REQUIRE(batch.has_value());
    REQUIRE(batch->has_value());
    CHECK_FALSE((*batch)->empty());
    pager.reset();     // the caller stops listing…
    provider.reset();  // …and destroys the provider while the page (or pages fetched ahead) still load
    io.restart();
    io.run();  // the detached work ends on its own, touching nothing that was destroyed
    CHECK(io.stopped());
  }
}

TEST_CASE("a fleet listing abandoned by its sink and then the fleet destroyed: the detached pages end safely") {
  SlowSandbox env;
  boost::asio::io_context io;
  Config config;
  config.providers.push_back(env.config_of("katapult"));
  std::optional<Fleet> fleet(Fleet::create(config, ProviderContext{io.get_executor(), {}}).value());
  FleetListOptions options;
  // A sink that throws ends the provider's drain: its pager is dropped with pages fetched ahead in flight.
  auto listed = boost::asio::co_spawn(
      io, fleet->list(options, [](std::string const&, auto&) { throw std::runtime_error("the caller gives up"); }),
      boost::asio::use_future);
  auto summaries = run_until_ready(io, listed);
  REQUIRE(summaries.size() == 1);
  REQUIRE_FALSE(summaries.front().delivered.has_value());
  CHECK(summaries.front().delivered.error().kind == ErrorKind::provider_internal);
  fleet.reset();
  io.restart();
  io.run();
  auto const pages = env.sandbox->katapult().stats().snapshot().requests_for(kat_list_route);
  CHECK(pages < 3000 / 20);  // the abandoned listing stopped: not every page was fetched
}
