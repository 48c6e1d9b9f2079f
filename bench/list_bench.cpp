// End-to-end benchmarks through every layer: adapter → HTTP client (TLS, pool) → simulator on loopback.
//
//   polycloud_bench [instances=100000]
//
// 1. list: one OpenScaler project of N VMs, parsed and mapped to Instances (instances/s).
// 2. get: sequential gets over one keep-alive TLS connection (requests/s, connections opened).
// 3. fan-out: a Fleet lists 4 providers, each answering after 100 ms of injected latency:
//    concurrent fan-out takes about one latency, not four.
//
//   polycloud_bench paging [instances=100000] [latency_ms=5] [rounds=3] [stream|collect] [in_flight=4]
//                          [totals|large_set]
//
// Katapult paging with 4 (or `in_flight`) pages in flight vs 1 (`list_concurrency`), 200 VMs per page, every request
// answered after `latency_ms`, rounds alternating; prints the median wall time of each and their ratio.
// `stream` (the default) takes each page as it comes and drops it, as the CLI's streaming output does,
// checking that every VM arrives once and in order; `collect` gathers all of them in one vector
// (polycloud::collect), whose growth then costs the consumer as much as a third of the parse.
// `totals` (the default): the simulator is told to give the totals, so the pages after the first are
// fetched up to the announced count. `large_set`: every page hides them (large_set true, as the API does
// for big organizations), so the pages are fetched ahead speculatively until the first short one.
//
//   polycloud_bench parse [instances=20000] [rounds=7]
//
// The in-process list rate: the bytes of one OpenScaler list body mapped to Instances by the
// streaming mapper, against Boost.JSON's basic_parser with a null handler on the same bytes, in
// 64 KiB chunks, rounds alternating; prints the median of each and their ratio. Rates are bytes per
// second of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that other processes on a shared
// machine do not count as parse time.
#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>
#include <polycloud/registry.hpp>

#include "http/client.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/openscaler/vm_mapping.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/url/parse.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <memory>
#include <string>
#include <algorithm>
#include <string_view>
#include <vector>

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
    config.providers.push_back(openscaler_config(std::string("p").append(std::to_string(i)), projects.back()));
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

/// The index a generated Katapult id ends with, in fixed-width base 62: its text orders like the index.
std::string_view id_index_text(std::string const& id) {
  return std::string_view(id).substr(id.size() < 8 ? 0 : id.size() - 8);
}

/// Takes a listing page by page, keeping nothing: how many VMs came, once each and in order.
asio::awaitable<Result<std::size_t>> drain_in_order(std::unique_ptr<InstancePager> pager) {
  std::size_t count = 0;
  std::string previous;
  for (;;) {
    auto page = co_await pager->next();
    if (!page) co_return page.error();
    if (!*page) co_return count;
    for (auto const& instance : **page) {
      if (!previous.empty() && id_index_text(instance.id) <= id_index_text(previous)) {
        throw std::runtime_error("paging: " + instance.id + " came after " + previous);
      }
      previous = instance.id;
      ++count;
    }
  }
}

int bench_paging(std::size_t instances, std::chrono::milliseconds latency, int rounds, bool collected,
                 std::size_t in_flight, bool large_set) {
  sim::KatapultOptions options;
  options.instances = instances;
  options.large_set_threshold = instances;  // totals given: the remaining pages are fetched up to them
  options.always_large_set = large_set;     // or none: fetched ahead until a short page
  sim::ServerOptions server_options;
  server_options.latency = latency;
  auto server = sim::Server::start(std::make_shared<sim::KatapultApi>(options), server_options);
  auto config_for = [&](std::size_t concurrency) {
    ProviderConfig config;
    config.name = "kat";
    config.type = "katapult";
    config.endpoint = server->origin() + std::string(sim::KatapultApi::kBasePath);
    config.token = Secret(options.token);
    config.ca_file = server->ca_file();
    config.settings["organization"] = boost::json::object{{"sub_domain", options.organization_sub_domain}};
    config.settings["list_concurrency"] = static_cast<std::int64_t>(concurrency);
    return config;
  };
  // CPU seconds of the whole process (client and simulator threads) per listing, by pages in flight.
  std::vector<double> sequential_cpu, concurrent_cpu;
  auto list_seconds = [&](std::size_t concurrency) -> double {
    auto const cpu_started = std::clock();
    asio::io_context io;
    auto provider = make_provider(config_for(concurrency), {io.get_executor(), {}});
    if (!provider) throw std::runtime_error(provider.error().to_string());
    auto const started = std::chrono::steady_clock::now();
    std::size_t listed = 0;
    if (collected) {
      auto all = run(io, [&] { return collect((*provider)->list({})); });  // the list only (no detail)
      if (!all) throw std::runtime_error(all.error().to_string());
      listed = all->size();
    } else {
      auto count = run(io, [&] { return drain_in_order((*provider)->list({})); });
      if (!count) throw std::runtime_error(count.error().to_string());
      listed = *count;
    }
    Seconds const took = std::chrono::steady_clock::now() - started;
    if (listed != instances) throw std::runtime_error("paging: not every VM was listed");
    (concurrency == 1 ? sequential_cpu : concurrent_cpu)
        .push_back(static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC);
    return took.count();
  };
  list_seconds(in_flight);  // warms the simulator's generated VMs
  concurrent_cpu.clear();
  std::vector<double> sequential, concurrent;
  for (int round = 0; round < rounds; ++round) {
    sequential.push_back(list_seconds(1));
    concurrent.push_back(list_seconds(in_flight));
  }
  auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  std::printf("paging %zu Katapult VMs, %s, %lld ms latency, %s: 1 in flight %.2f s, %zu in flight %.2f s = %.2fx faster "
              "(medians of %d alternating rounds, wall time; CPU per listing %.2f s and %.2f s)\n",
              instances, large_set ? "large_set" : "totals given", static_cast<long long>(latency.count()), collected ? "collected" : "streamed",
              median(sequential), in_flight, median(concurrent), median(sequential) / median(concurrent), rounds,
              median(sequential_cpu), median(concurrent_cpu));
  return 0;
}

/// Parses and does nothing: the ceiling any mapping of the same bytes can reach.
struct NullHandler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  using ec = boost::system::error_code;
  using sv = boost::json::string_view;
  bool on_document_begin(ec&) { return true; }
  bool on_document_end(ec&) { return true; }
  bool on_object_begin(ec&) { return true; }
  bool on_object_end(std::size_t, ec&) { return true; }
  bool on_array_begin(ec&) { return true; }
  bool on_array_end(std::size_t, ec&) { return true; }
  bool on_key_part(sv, std::size_t, ec&) { return true; }
  bool on_key(sv, std::size_t, ec&) { return true; }
  bool on_string_part(sv, std::size_t, ec&) { return true; }
  bool on_string(sv, std::size_t, ec&) { return true; }
  bool on_number_part(sv, ec&) { return true; }
  bool on_int64(std::int64_t, sv, ec&) { return true; }
  bool on_uint64(std::uint64_t, sv, ec&) { return true; }
  bool on_double(double, sv, ec&) { return true; }
  bool on_bool(bool, ec&) { return true; }
  bool on_null(ec&) { return true; }
  bool on_comment_part(sv, ec&) { return true; }
  bool on_comment(sv, ec&) { return true; }
};

constexpr std::size_t chunk_bytes = 64u << 10;

std::string fetch_list_body(SimulatedProject const& project) {
  asio::io_context io;
  http::ClientOptions options;
  options.provider = "bench";
  options.origin = boost::urls::url(*boost::urls::parse_absolute_uri(project.server->origin()));
  options.credential_headers = {{"Authorization", "Bearer " + project.token}};
  options.ca_file = project.server->ca_file();
  options.max_body_bytes = std::size_t{4} << 30;
  auto client = http::Client::create(io.get_executor(), options);
  if (!client) throw std::runtime_error(client.error().to_string());
  http::Request request;
  request.url = options.origin;
  request.url.set_path("/v1/vms");
  request.url.params().append({"project_id", "default"});
  auto response = run(io, [&] { return (*client)->send(request, {}); });
  if (!response || !response->ok()) throw std::runtime_error("cannot fetch the list body");
  return std::move(response->body);
}

/// CPU time of this thread: on a shared machine, time spent descheduled is not the parser's.
Seconds thread_cpu_now() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return Seconds(static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9);
}

Seconds time_null_parse(std::string_view body) {
  auto const started = thread_cpu_now();
  boost::json::basic_parser<NullHandler> parser{boost::json::parse_options{}};
  boost::system::error_code ec;
  for (std::size_t at = 0; at < body.size(); at += chunk_bytes) {
    parser.write_some(true, body.data() + at, std::min(chunk_bytes, body.size() - at), ec);
  }
  parser.write_some(false, nullptr, 0, ec);
  if (ec) throw std::runtime_error("null parse failed: " + ec.message());
  return thread_cpu_now() - started;
}

Seconds time_mapping(std::string_view body, std::size_t& mapped) {
  auto const started = thread_cpu_now();
  openscaler::VmMapping mapping;
  providers::ListStream stream(openscaler::list_layout, mapping, {"bench", openscaler::type_name, "list"});
  mapped = 0;
  for (std::size_t at = 0; at < body.size(); at += chunk_bytes) {
    if (!stream.feed(body.substr(at, std::min(chunk_bytes, body.size() - at)))) throw std::runtime_error("mapping failed");
    mapped += stream.take().size();  // handed on and dropped, as a caller consuming batches would
  }
  if (!stream.finish()) throw std::runtime_error("mapping failed at the end");
  mapped += stream.take().size();
  return thread_cpu_now() - started;
}

int bench_parse(std::size_t instances, int rounds) {
  auto project = start_openscaler(instances);
  auto const body = fetch_list_body(project);
  std::vector<double> null_rates, mapping_rates;
  std::size_t mapped = 0;
  auto const megabytes = static_cast<double>(body.size()) / 1e6;
  for (int round = 0; round < rounds; ++round) {
    null_rates.push_back(megabytes / time_null_parse(body).count());
    mapping_rates.push_back(megabytes / time_mapping(body, mapped).count());
  }
  auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  std::printf("parse  %.1f MB, %zu instances: null handler %.0f MB/s, streaming mapper %.0f MB/s "
              "(%.0f instances/s) = %.0f%% of the null-handler rate (medians of %d alternating rounds, thread CPU time)\n",
              megabytes, mapped, median(null_rates), median(mapping_rates),
              median(mapping_rates) * static_cast<double>(mapped) / megabytes, 100 * median(mapping_rates) / median(null_rates),
              rounds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "paging") {
    return bench_paging(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100'000,
                        std::chrono::milliseconds(argc > 3 ? std::atoi(argv[3]) : 5), argc > 4 ? std::atoi(argv[4]) : 3,
                        argc > 5 && std::string_view(argv[5]) == "collect",
                        argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 4,
                        argc > 7 && std::string_view(argv[7]) == "large_set");
  }
  if (argc > 1 && std::string_view(argv[1]) == "parse") {
    return bench_parse(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20'000, argc > 3 ? std::atoi(argv[3]) : 7);
  }
  std::size_t const instances = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  if (int rc = bench_list(instances)) return rc;
  if (int rc = bench_get()) return rc;
  return bench_fan_out();
}
