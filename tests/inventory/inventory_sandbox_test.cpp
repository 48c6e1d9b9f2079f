// Export and diff over the three simulators on loopback: what the adapters list is what lands in the
// file, and a diff of two exports reports exactly what was done in between.
#include "inventory_fixtures.hpp"

#include "sim/faults.hpp"
#include "sim/sandbox.hpp"

#include <polycloud/config.hpp>

#include <boost/asio/this_coro.hpp>

using namespace polycloud;
using namespace inventory_test;
namespace asio = boost::asio;

namespace {
struct Simulated {
  std::unique_ptr<sim::Sandbox> sandbox = [] {
    sim::SandboxOptions options;
    options.instances = 6;
    return sim::Sandbox::start(options);
  }();
  Config config = parse_config(sandbox->config_json(), "(sandbox)").value();
  Dir dir;
};
}  // namespace

TEST_CASE("a diff of two exports over the simulators reports exactly the stop and the delete in between") {
  Simulated env;
  auto outcome = run_coro([&]() -> asio::awaitable<Result<std::vector<std::string>>> {
    auto fleet = Fleet::create(env.config, {co_await asio::this_coro::executor, {}});
    if (!fleet) co_return fleet.error();
    SnapshotExportOptions options;
    options.append = true;
    options.observed_at = at(0);
    auto first = co_await export_snapshot(*fleet, env.dir.file(), options);
    if (!first) co_return first.error();
    auto listings = co_await fleet->list_all();
    std::size_t listed = 0;
    for (auto const& listing : listings) listed += listing.instances ? listing.instances->size() : 0;
    std::size_t written = 0;
    for (auto const& provider : first->providers) written += provider.complete ? provider.instances : 0;
    if (listed != written) co_return make_error(ErrorKind::protocol, "listed " + std::to_string(listed) + ", wrote " + std::to_string(written));

    std::string byc_id;
    for (auto const& listing : listings)
      if (listing.provider == "byc" && listing.instances && !listing.instances->empty()) byc_id = listing.instances->front().id;
    if (auto stopped = co_await fleet->stop("alg", "8"); !stopped) co_return stopped.error();
    WaitOptions wait;
    if (auto waited = co_await fleet->wait_for("alg", "8", State::stopped, wait); !waited) co_return waited.error();
    if (auto removed = co_await fleet->remove("byc", byc_id); !removed) co_return removed.error();
    WaitOptions gone;
    if (auto waited = co_await fleet->wait_for("byc", byc_id, State::terminated, gone); !waited) co_return waited.error();
    options.observed_at = at(60);
    auto second = co_await export_snapshot(*fleet, env.dir.file(), options);
    if (!second) co_return second.error();
    std::vector<std::string> events;
    auto diffed = diff_snapshots({env.dir.file(), at(0)}, {env.dir.file(), at(60)}, [&](InventoryEvent const& event) {
      events.push_back(outline({event}).front() + (event.kind == InventoryEventKind::state
                                                       ? " " + std::string(to_string(event.from)) + "->" + std::string(to_string(event.to))
                                                       : ""));
    });
    if (!diffed) co_return diffed.error();
    events.push_back("byc id " + byc_id);
    co_return events;
  });
  REQUIRE_MESSAGE(outcome.has_value(), outcome.error().to_string());
  auto const byc_id = outcome->back().substr(7);
  outcome->pop_back();
  CHECK(*outcome == std::vector<std::string>{"state alg 8 running->stopped", "removed byc " + byc_id});
}

TEST_CASE("an export while a simulator refuses its listing marks that provider partial and diff reports it unavailable") {
  Simulated env;
  std::string error;
  auto refused = sim::parse_fault(boost::json::value{{"fault", "status"},
                                                     {"status", 403},
                                                     {"method", "GET"},
                                                     {"path", "*/virtual_machines*"},
                                                     {"count", 100}},
                                  error);
  REQUIRE(refused.has_value());
  auto outcome = run_coro([&]() -> asio::awaitable<Result<std::vector<InventoryEvent>>> {
    auto fleet = Fleet::create(env.config, {co_await asio::this_coro::executor, {}});
    if (!fleet) co_return fleet.error();
    SnapshotExportOptions options;
    options.append = true;
    options.observed_at = at(0);
    if (auto first = co_await export_snapshot(*fleet, env.dir.file(), options); !first) co_return first.error();
    env.sandbox->katapult().faults().add(*refused);
    options.observed_at = at(60);
    auto second = co_await export_snapshot(*fleet, env.dir.file(), options);
    if (!second) co_return second.error();
    for (auto const& provider : second->providers)
      if (provider.complete == (provider.provider == "kat"))
        co_return make_error(ErrorKind::protocol, provider.provider + " has the wrong status");
    std::vector<InventoryEvent> events;
    auto diffed = diff_snapshots({env.dir.file(), at(0)}, {env.dir.file(), at(60)},
                                 [&](InventoryEvent const& event) { events.push_back(event); });
    if (!diffed) co_return diffed.error();
    co_return events;
  });
  REQUIRE_MESSAGE(outcome.has_value(), outcome.error().to_string());
  CHECK(outline(*outcome) == std::vector<std::string>{"provider_unavailable kat"});
  REQUIRE((*outcome)[0].error.has_value());
  CHECK((*outcome)[0].error->kind == ErrorKind::permission_denied);
}
