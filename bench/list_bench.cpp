// End-to-end benchmarks through every layer: adapter → HTTP client (TLS, pool) → simulator on loopback.
//
//   polycloud_bench [instances=100000]
//
// 1. list: one OpenScaler project of N VMs, parsed and mapped to Instances (instances/s).
// 2. get: sequential gets over one keep-alive TLS connection (requests/s, connections opened).
// 3. fan-out: a Fleet lists 4 providers, each answering after 100 ms of injected latency:
//    concurrent fan-out takes about one latency, not four.
#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>
#include <polycloud/registry.hpp>

#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

using namespace polycloud;
namespace asio = boost::asio;
using Seconds = std::chrono::duration<double>;

namespace {

struct SimulatedProject {
  std::unique_ptr<sim::Server> server;
  std::string token;
};

SimulatedProject start_openscaler(std::size_t instances, std::chrono::milliseconds latency = {}) {
  sim::OpenScalerOptions options;
  options.instances = instances;
  options.projects = {"default"};
  sim::ServerOptions server_options;
  server_options.latency = latency;
  auto api = std::make_shared<sim::OpenScalerApi>(options);
  return {sim::Server::start(api, server_options), options.token};
}

ProviderConfig openscaler_config(std::string name, SimulatedProject const& project) {
  ProviderConfig config;
  config.name = std::move(name);
  config.type = "openscaler";
  config.endpoint = project.server->origin();
  config.token = Secret(project.token);
  config.ca_file = project.server->ca_file();
  config.settings["project_id"] = "default";
  config.max_body_bytes = std::size_t{1} << 30;  // OpenScaler lists are unpaginated: ~1.4 KB per VM
  return config;
}

template <class Factory>
auto run(asio::io_context& io, Factory&& make_awaitable) {
  auto future = asio::co_spawn(io, std::forward<Factory>(make_awaitable)(), asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

int bench_list(std::size_t instances) {
  auto project = start_openscaler(instances);
  asio::io_context io;
  auto provider = make_provider(openscaler_config("alg", project), {io.get_executor(), {}});
  if (!provider) return std::fprintf(stderr, "%s\n", provider.error().to_string().c_str()), 1;
  for (int round = 0; round < 3; ++round) {  // round 0 also warms the simulator's page cache
    auto const started = std::chrono::steady_clock::now();
    auto listed = run(io, [&] { return collect((*provider)->list({})); });
    Seconds const took = std::chrono::steady_clock::now() - started;
    if (!listed) return std::fprintf(stderr, "%s\n", listed.error().to_string().c_str()), 1;
    std::printf("list   round %d: %zu instances in %.3f s = %.0f instances/s\n", round, listed->size(),
                took.count(), static_cast<double>(listed->size()) / took.count());
  }
  return 0;
}

int bench_get() {
  auto project = start_openscaler(100);
  asio::io_context io;
  auto provider = make_provider(openscaler_config("alg", project), {io.get_executor(), {}});
  if (!provider) return 1;
  constexpr int gets = 2000;
  auto const started = std::chrono::steady_clock::now();
  auto failures = run(io, [&]() -> asio::awaitable<int> {
    int failed = 0;
    for (int i = 0; i < gets; ++i)
      if (!co_await (*provider)->get(std::to_string(sim::OpenScalerApi::generated_id(i % 100)), {})) ++failed;
    co_return failed;
  });
  Seconds const took = std::chrono::steady_clock::now() - started;
  std::printf("get    %d sequential gets in %.3f s = %.0f requests/s, %d failed, %llu connection(s) opened\n", gets,
              took.count(), gets / took.count(), failures,
              static_cast<unsigned long long>(project.server->stats().snapshot().connections_accepted));
  return failures == 0 ? 0 : 1;
}

int bench_fan_out() {
  constexpr int providers = 4;
  constexpr auto latency = std::chrono::milliseconds(100);
  std::vector<SimulatedProject> projects;
  Config config;
  for (int i = 0; i < providers; ++i) {
    projects.push_back(start_openscaler(50, latency));
    config.providers.push_back(openscaler_config("p" + std::to_string(i), projects.back()));
  }
  asio::io_context io;
  auto fleet = Fleet::create(config, {io.get_executor(), {}});
  if (!fleet) return std::fprintf(stderr, "%s\n", fleet.error().to_string().c_str()), 1;
  auto const started = std::chrono::steady_clock::now();
  auto listings = run(io, [&] { return fleet->list_all({}); });
  Seconds const took = std::chrono::steady_clock::now() - started;
  std::size_t total = 0;
  for (auto const& listing : listings) {
    if (!listing.instances) return std::fprintf(stderr, "%s\n", listing.instances.error().to_string().c_str()), 1;
    total += listing.instances->size();
  }
  std::printf("fanout %d providers x %lld ms latency: %zu instances in %.3f s (sequential would be >= %.1f s)\n",
              providers, static_cast<long long>(latency.count()), total, took.count(),
              providers * Seconds(latency).count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t const instances = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  if (int rc = bench_list(instances)) return rc;
  if (int rc = bench_get()) return rc;
  return bench_fan_out();
}
