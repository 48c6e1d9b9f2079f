#pragma once
// The watch tests' world: the three simulators on loopback (plain HTTP, fast builds and tasks), a
// fleet configured for them as a user's config would, a manual clock the watch's polls run on (its
// sleep advances the clock: no real waiting between polls), and the simulators' control endpoints.
#include "http/client.hpp"
#include "sim/bycloud/bycloud.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <polycloud/fleet.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>

namespace watch_test {

using namespace std::chrono_literals;
using polycloud::Clock;

/// Time as the watch sees it, moved only by the watch's own sleeps. The simulators may read it too (a
/// rate-limit minute): it is atomic because they read it on their server threads.
struct ManualTime {
  std::atomic<std::int64_t> elapsed_ms{0};
  Clock::time_point steady_base = Clock::now();
  /// Aligned on a minute, as the simulators' rate windows are.
  std::chrono::system_clock::time_point wall_base{std::chrono::seconds(1'700'000'040)};

  Clock::time_point now() const { return steady_base + std::chrono::milliseconds(elapsed_ms.load()); }
  std::chrono::system_clock::time_point wall() const { return wall_base + std::chrono::milliseconds(elapsed_ms.load()); }
  /// Which simulated minute it is (0 at the start).
  std::int64_t minute() const { return elapsed_ms.load() / 60'000; }

  /// The watch's clock, sleep and event time on this clock.
  void drive(polycloud::WatchOptions& options) {
    options.now = [this] { return now(); };
    options.wall_now = [this] { return std::chrono::floor<std::chrono::seconds>(wall()); };
    options.sleep = [this](std::string const&, std::chrono::milliseconds delay) -> boost::asio::awaitable<void> {
      elapsed_ms += delay.count();
      co_return;
    };
  }
  /// Moves the clock to `elapsed` unless it is there already (several providers' polls wait on it).
  void advance_to(std::int64_t elapsed) {
    auto seen = elapsed_ms.load();
    while (seen < elapsed && !elapsed_ms.compare_exchange_weak(seen, elapsed)) {
    }
  }
  polycloud::sim::SimClock sim_clock() {
    return [this] { return wall(); };
  }
};

/// Runs coroutines on the test's io_context until each result is ready (idle connections' timers may
/// stay pending; they do not hold the test up).
class Loop {
 public:
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    auto future = boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future);
    io_.restart();
    while (future.wait_for(0s) != std::future_status::ready) io_.run_one();
    return future.get();
  }
  boost::asio::any_io_executor executor() { return io_.get_executor(); }
  /// Runs what is ready until nothing is (a dropped watch's cancelled polls end), waiting for nothing.
  void drain() {
    io_.restart();
    while (io_.poll() > 0) io_.restart();
  }

 private:
  boost::asio::io_context io_;
};

struct SimOptions {
  std::size_t instances = 20;
  polycloud::sim::SimClock katapult_clock;  ///< empty: the real clock
  int katapult_rate_limit_per_minute = 0;
  std::size_t katapult_large_set_threshold = 1000;
  bool only_katapult = false;
  int katapult_timeout_s = 0;  ///< the Katapult provider's timeout_s and list_timeout_s (0: the defaults)
};

class Sims {
 public:
  explicit Sims(SimOptions const& options = {}) {
    polycloud::sim::ServerOptions plain;
    plain.tls = false;
    polycloud::sim::KatapultOptions katapult;
    katapult.instances = options.instances;
    katapult.build_duration = 1ms;
    katapult.task_duration = 1ms;
    katapult.rate_limit_per_minute = options.katapult_rate_limit_per_minute;
    katapult.large_set_threshold = options.katapult_large_set_threshold;
    if (options.katapult_clock) katapult.clock = options.katapult_clock;
    katapult_ = polycloud::sim::Server::start(std::make_shared<polycloud::sim::KatapultApi>(katapult), plain);
    boost::json::object providers{
        {"kat", {{"type", "katapult"}, {"endpoint", katapult_->origin() + "/core/v1"}, {"token", katapult.token},
                 {"organization", {{"sub_domain", katapult.organization_sub_domain}}}}}};
    if (options.katapult_timeout_s > 0) {
      providers["kat"].as_object()["timeout_s"] = options.katapult_timeout_s;
      providers["kat"].as_object()["list_timeout_s"] = options.katapult_timeout_s;
    }
    if (!options.only_katapult) {
      polycloud::sim::OpenScalerOptions openscaler;
      openscaler.instances = options.instances;
      openscaler.projects = {"default"};
      openscaler.include_example = false;
      openscaler.create_progress_interval = 1ms;
      openscaler.create_progress_events = 1;
      openscaler_ = polycloud::sim::Server::start(std::make_shared<polycloud::sim::OpenScalerApi>(openscaler), plain);
      polycloud::sim::ByCloudOptions bycloud;
      bycloud.instances = options.instances;
      bycloud.scheme = "http";
      bycloud.rate_limit_per_minute = 0;
      bycloud.build_duration = 1ms;
      bycloud.action_duration = 1ms;
      bycloud_ = polycloud::sim::Server::start(std::make_shared<polycloud::sim::ByCloudApi>(bycloud), plain);
      providers["alg"] = {{"type", "openscaler"}, {"endpoint", openscaler_->origin()}, {"token", openscaler.token},
                          {"project_id", "default"}};
      providers["byc"] = {{"type", "bycloud"}, {"endpoint", bycloud_->origin()}, {"token", bycloud.token},
                          {"limit", 7}};
    }
    config_ = polycloud::parse_config(boost::json::serialize(boost::json::object{{"providers", providers}}), "(watch test)")
                  .value();
  }

  polycloud::Config const& config() const { return config_; }
  polycloud::sim::Server& server(std::string const& provider) {
    return provider == "alg" ? *openscaler_ : provider == "kat" ? *katapult_ : *bycloud_;
  }

  /// POST `body` to the simulator's control endpoint `path`; returns the status.
  int control(Loop& loop, std::string const& provider, std::string const& path, boost::json::object const& body) {
    polycloud::http::ClientOptions options;
    options.provider = "sim-control";
    options.origin = boost::urls::parse_absolute_uri(server(provider).origin()).value();
    polycloud::http::Request request;
    request.method = polycloud::http::Method::post;
    request.url = options.origin;
    request.url.set_path(path);
    request.headers = {{"Content-Type", "application/json"}};
    request.body = boost::json::serialize(body);
    auto client = polycloud::http::Client::create(loop.executor(), std::move(options)).value();
    auto response = loop.run(client->send(request, polycloud::CallOptions::within(10s)));
    REQUIRE(response.has_value());
    return response->status;
  }

 private:
  std::unique_ptr<polycloud::sim::Server> openscaler_;
  std::unique_ptr<polycloud::sim::Server> katapult_;
  std::unique_ptr<polycloud::sim::Server> bycloud_;
  polycloud::Config config_;
};

}  // namespace watch_test
