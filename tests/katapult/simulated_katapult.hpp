#pragma once
// Shared by the Katapult integration tests: the Katapult simulator over loopback TLS configured as a
// user would, and what a listing delivered, checked against the simulator's generated VMs.

#include "sim/katapult/katapult.hpp"
#include "tests/support/simulated_provider.hpp"

#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>

#include <boost/json/object.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace polycloud::katapult::test {

using namespace std::chrono_literals;

inline constexpr char const* sim_token = "katapult-sim-token";
inline constexpr char const* list_route = "GET /core/v1/organizations/organization/virtual_machines";
inline constexpr char const* get_route = "GET /core/v1/virtual_machines/virtual_machine";
inline constexpr char const* build_route = "POST /core/v1/organizations/organization/virtual_machines/build";
inline constexpr char const* task_route = "GET /core/v1/tasks/task";

/// The Katapult simulator with its token, optionally slowed, configured as organization "polycloud-sim".
class SimulatedKatapult : public polycloud::test::SimulatedApi {
 public:
  explicit SimulatedKatapult(sim::KatapultOptions options = {}, std::chrono::milliseconds latency = 0ms)
      : SimulatedApi(polycloud::test::api_accepting<sim::KatapultApi>(sim_token, std::move(options)),
                     with_latency(latency)) {}

  ProviderConfig config(boost::json::object settings) const {
    return polycloud::test::sim_config("kat", "katapult", origin() + std::string(sim::KatapultApi::kBasePath),
                                       sim_token, ca_file(), std::move(settings));
  }

  std::unique_ptr<Provider> provider(boost::json::object settings = {{"organization", {{"sub_domain", "polycloud-sim"}}}}) {
    return SimulatedApi::provider(config(std::move(settings)));
  }

  sim::KatapultApi& api() { return static_cast<sim::KatapultApi&>(server().api()); }

 private:
  static sim::ServerOptions with_latency(std::chrono::milliseconds latency) {
    sim::ServerOptions options;
    options.latency = latency;
    return options;
  }
};

/// Every VM once, in the simulator's order.
inline void check_complete_in_order(SimulatedKatapult& sim, std::vector<Instance> const& vms, std::size_t count) {
  REQUIRE(vms.size() == count);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < vms.size(); ++i) {
    CAPTURE(i);
    REQUIRE(vms[i].id == sim.api().generated_id(i));
    ids.insert(vms[i].id);
  }
  CHECK(ids.size() == count);
}

/// What a listing delivered before it ended, and the error that ended it.
struct Delivered {
  std::vector<std::string> ids;
  std::optional<Error> error;
};

inline Delivered list_until_end(SimulatedKatapult& sim, Provider& provider, ListOptions options = {}) {
  auto pager = provider.list(std::move(options));
  return sim.run([&]() -> boost::asio::awaitable<Delivered> {
    Delivered delivered;
    for (;;) {
      auto batch = co_await pager->next();
      if (!batch) {
        delivered.error = batch.error();
        co_return delivered;
      }
      if (!*batch) co_return delivered;
      for (auto const& vm : **batch) delivered.ids.push_back(vm.id);
    }
  });
}

inline std::vector<std::string> first_generated(SimulatedKatapult& sim, std::size_t count) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < count; ++i) ids.push_back(sim.api().generated_id(i));
  return ids;
}

}  // namespace polycloud::katapult::test
