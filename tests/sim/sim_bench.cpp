// How fast the OpenScaler simulator serves VMs from its one server thread (one core), so benchmarks know
// it is not their bottleneck. Not a test: run by hand (see docs/sandbox.md), build in Release.
// Besides wall-clock rates it reports VMs per CPU-second of the server thread (process CPU time minus
// this client thread's), which holds still on a machine shared with other work.
//   polycloud_sim_bench [instances-per-project=10000] [seconds=3]
#include "raw_client.hpp"
#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

namespace {

using namespace polycloud::sim;

double cpu_seconds(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// CPU time of every thread but this one: the servers' (the idle one costs nothing).
double server_cpu_seconds() { return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_seconds(CLOCK_THREAD_CPUTIME_ID); }

void measure(char const* label, Server& server, std::string const& target, std::size_t vms_per_request,
             std::chrono::seconds duration) {
  testing::RawClient client(server.port());
  auto const token = "Bearer " + OpenScalerOptions{}.token;
  std::size_t requests = 0;
  std::size_t bytes = 0;
  double const server_cpu_start = server_cpu_seconds();
  auto const start = std::chrono::steady_clock::now();
  auto elapsed = std::chrono::duration<double>(0);
  while (elapsed < duration) {
    auto const response = client.request("GET", target, "", {{"Authorization", token}});
    if (response.status != 200) {
      std::fprintf(stderr, "unexpected status %d\n", response.status);
      return;
    }
    ++requests;
    bytes += response.body.size();
    elapsed = std::chrono::steady_clock::now() - start;
  }
  double const seconds = elapsed.count();
  double const server_cpu = server_cpu_seconds() - server_cpu_start;
  double const vms = static_cast<double>(requests * vms_per_request);
  std::printf("%-32s wall: %7.0f req/s %9.0f VMs/s %7.1f MB/s | server CPU %5.2f s: %9.0f VMs/CPU-s %7.1f MB/CPU-s\n",
              label, static_cast<double>(requests) / seconds, vms / seconds, static_cast<double>(bytes) / seconds / 1e6,
              server_cpu, vms / server_cpu, static_cast<double>(bytes) / server_cpu / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t const per_project = argc > 1 ? std::stoul(argv[1]) : 10'000;
  std::chrono::seconds const duration(argc > 2 ? std::stoi(argv[2]) : 3);

  OpenScalerOptions cached;  // at most 20,000 per project: serialized once, then served from the cache
  cached.instances = 2 * std::min<std::size_t>(per_project, 20'000);
  cached.include_example = false;
  ServerOptions plain;
  plain.tls = false;
  auto cached_server = Server::start(std::make_shared<OpenScalerApi>(cached), plain);
  measure("list, cached page", *cached_server, "/v1/vms?project_id=default", cached.instances / 2, duration);

  OpenScalerOptions streamed;  // over 20,000 per project: generated and serialized on every request
  streamed.instances = 2 * std::max<std::size_t>(per_project, 20'001);
  streamed.include_example = false;
  auto streamed_server = Server::start(std::make_shared<OpenScalerApi>(streamed), plain);
  measure("list, generated on each request", *streamed_server, "/v1/vms?project_id=default", streamed.instances / 2,
          duration);
  measure("get one VM", *streamed_server, "/v1/vms/1234", 1, duration);
  return 0;
}
