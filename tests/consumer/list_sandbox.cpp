// The installed-library consumer: starts the OpenScaler simulator from the installed `sim` component,
// lists it through a Fleet built from the sandbox's own config, and fails loudly on any error.
// Built twice by scripts/consumer-check (find_package and pkg-config); prints "listed N instances".
#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>

#include <sim/sandbox.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>

int main() {
  polycloud::sim::SandboxOptions options;
  options.instances = 7;
  auto sandbox = polycloud::sim::Sandbox::start(options);
  auto config = polycloud::parse_config(sandbox->config_json({"openscaler"}), "(consumer sandbox)");
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
    return 1;
  }

  boost::asio::io_context io;
  auto fleet = polycloud::Fleet::create(*config, {io.get_executor(), {}});
  if (!fleet) {
    std::fprintf(stderr, "%s\n", fleet.error().to_string().c_str());
    return 1;
  }
  auto listed = boost::asio::co_spawn(io, fleet->list_all(), boost::asio::use_future);
  io.run();

  int failures = 0;
  std::size_t total = 0;
  for (auto const& listing : listed.get()) {
    if (!listing.instances) {
      std::fprintf(stderr, "%s\n", listing.instances.error().to_string().c_str());
      ++failures;
      continue;
    }
    total += listing.instances->size();
  }
  std::printf("listed %zu instances\n", total);
  return failures == 0 && total > 0 ? 0 : 1;
}
