#pragma once
// Shared by the provider integration tests (tests/openscaler, tests/katapult, tests/bycloud): a
// simulator started on loopback TLS, the test's own io_context to run coroutines on, providers made
// through the registry as a user would, faults queued through the simulator's control endpoint.

#include "http/client.hpp"
#include "sim/server.hpp"

#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace polycloud::test {

/// Runs coroutines to completion on the test's own io_context.
class Runner {
 public:
  /// `all`: run() returns once the context has no work left, so whatever a call started (the other
  /// pages of a failed listing) has finished before the test looks at the simulator's stats.
  /// `until_ready`: run() returns as soon as the result is there, for a context that also serves a
  /// scripted server, which keeps accepting forever.
  enum class Drain { all, until_ready };
  explicit Runner(Drain drain = Drain::all) : drain_(drain) {}

  template <class Factory>
  auto run(Factory&& make_awaitable) {
    auto future = boost::asio::co_spawn(io_, std::forward<Factory>(make_awaitable)(), boost::asio::use_future);
    io_.restart();
    if (drain_ == Drain::all) {
      io_.run();
    } else {
      while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io_.run_one();
    }
    return future.get();
  }
  boost::asio::io_context& io() { return io_; }
  boost::asio::any_io_executor executor() { return io_.get_executor(); }

 private:
  boost::asio::io_context io_;
  Drain drain_;
};

/// The simulated API `Api` built from its `options`, accepting `token`.
template <class Api, class Options>
std::shared_ptr<Api> api_accepting(std::string token, Options options) {
  options.token = std::move(token);
  return std::make_shared<Api>(std::move(options));
}

/// What the provider tests configure alike: name, type, endpoint, token, the CA to trust, a 20 s timeout.
ProviderConfig sim_config(std::string name, std::string type, std::string endpoint, std::string token,
                          std::string ca_file, boost::json::object settings = {});

/// One simulated API served over loopback TLS.
class SimulatedApi : public Runner {
 public:
  explicit SimulatedApi(std::shared_ptr<sim::Api> api, sim::ServerOptions options = {}, Drain drain = Drain::all);

  /// A provider made through the registry, as a user's config would make it; the test stops on failure.
  std::unique_ptr<Provider> provider(ProviderConfig const& config, TraceSink trace = {});

  /// provider.create(spec), within 60 s.
  Result<Instance> create(Provider& provider, CreateSpec const& spec);
  /// `runs` creates of `spec`, named NAME-0, NAME-1…, each required to succeed with a running VM: the
  /// reruns whose requests a test then counts at the simulator (an SSH key registered once).
  void create_reruns(Provider& provider, CreateSpec spec, int runs);

  /// Queues a fault through the simulator's control endpoint (POST /__sim/faults).
  void inject(boost::json::object fault);
  /// What the simulated API recorded of the requests it took (GET /__sim/received).
  boost::json::value received();

  sim::StatsSnapshot stats() const { return server_->stats().snapshot(); }
  sim::Server& server() { return *server_; }
  std::string const& origin() const { return server_->origin(); }
  std::string ca_file() const { return server_->ca_file(); }

 private:
  /// One request to the simulator's control endpoints; the test stops when it cannot be made.
  http::Response control(http::Method method, std::string const& path, std::string body);

  std::unique_ptr<sim::Server> server_;
};

/// Every instance a listing yields; the test stops on an error.
std::vector<Instance> list_all(Runner& runner, Provider& provider, ListOptions options = {});
/// The listing's result, error included.
Result<std::vector<Instance>> try_list(Runner& runner, Provider& provider, ListOptions options = {});

}  // namespace polycloud::test
