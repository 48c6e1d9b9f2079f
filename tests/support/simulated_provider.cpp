#include "tests/support/simulated_provider.hpp"

#include "http/client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

namespace polycloud::test {

using namespace std::chrono_literals;

ProviderConfig sim_config(std::string name, std::string type, std::string endpoint, std::string token,
                          std::string ca_file, boost::json::object settings) {
  ProviderConfig config;
  config.name = std::move(name);
  config.type = std::move(type);
  config.endpoint = std::move(endpoint);
  config.token = Secret(std::move(token));
  config.ca_file = std::move(ca_file);
  config.timeout = 20s;
  config.settings = std::move(settings);
  return config;
}

SimulatedApi::SimulatedApi(std::shared_ptr<sim::Api> api, sim::ServerOptions options, Drain drain)
    : Runner(drain), server_(sim::Server::start(std::move(api), std::move(options))) {}

std::unique_ptr<Provider> SimulatedApi::provider(ProviderConfig const& config, TraceSink trace) {
  auto made = make_provider(config, ProviderContext{executor(), std::move(trace)});
  REQUIRE(made.has_value());
  return std::move(*made);
}

http::Response SimulatedApi::control(http::Method method, std::string const& path, std::string body) {
  http::ClientOptions options;
  options.provider = "sim-control";
  options.origin = boost::urls::parse_absolute_uri(server_->origin()).value();
  options.ca_file = server_->ca_file();
  http::Request request;
  request.method = method;
  request.url = options.origin;
  request.url.set_path(path);
  auto client = http::Client::create(executor(), std::move(options)).value();
  if (!body.empty()) request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  auto response = run([&] { return client->send(request, CallOptions::within(10s)); });
  REQUIRE(response.has_value());
  return std::move(*response);
}

Result<Instance> SimulatedApi::create(Provider& provider, CreateSpec const& spec) {
  return run([&] { return provider.create(spec, {}, CallOptions::within(60s)); });
}

void SimulatedApi::create_reruns(Provider& provider, CreateSpec spec, int runs) {
  auto const name = spec.name;
  for (int run = 0; run < runs; ++run) {
    spec.name = name + "-" + std::to_string(run);
    auto const vm = create(provider, spec);
    REQUIRE(vm.has_value());
    CHECK(vm->state == State::running);
  }
}

void SimulatedApi::inject(boost::json::object fault) {
  CHECK(control(http::Method::post, "/__sim/faults", boost::json::serialize(fault)).status == 201);
}

boost::json::value SimulatedApi::received() {
  auto const response = control(http::Method::get, "/__sim/received", {});
  REQUIRE(response.status == 200);
  return boost::json::parse(response.body);
}

Result<std::vector<Instance>> try_list(Runner& runner, Provider& provider, ListOptions options) {
  auto pager = provider.list(std::move(options));
  return runner.run([&] { return collect(*pager); });
}

std::vector<Instance> list_all(Runner& runner, Provider& provider, ListOptions options) {
  auto all = try_list(runner, provider, std::move(options));
  REQUIRE(all.has_value());
  return std::move(*all);
}

}  // namespace polycloud::test
