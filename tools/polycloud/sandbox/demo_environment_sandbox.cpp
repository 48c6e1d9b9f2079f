// The demo's providers: the in-process simulators, every one this CLI has an adapter for.
#include "sandbox/demo_environment.hpp"
#include "sandbox/sandbox_options.hpp"

#include <fmt/core.h>


namespace polycloud::cli {

Result<DemoEnvironment> start_demo_environment() {
  SandboxArgs args;
  args.instances = 4;
  auto started = start_sandbox(args, "demo");
  if (!started) return started.error();
  auto sandbox = std::move(*started);
  auto config = parse_config(usable_config(*sandbox), "(demo sandbox)",
                             [](std::string_view) { return std::optional<std::string>(); });
  if (!config) return config.error();
  DemoEnvironment environment;
  environment.config = std::move(*config);
  // The sandbox config aliases these on every provider (sim/sandbox.cpp), as a user's config would.
  environment.size = "small";
  environment.image = "debian";
  std::string where;
  for (auto const& provider : environment.config.providers)
    where += fmt::format("\n  {} ({}) at {}", provider.name, provider.type, provider.endpoint);
  environment.description = fmt::format("the provider simulators, started in this process on loopback over {}:{}",
                                        sandbox->ca_file().empty() ? "plain HTTP" : "TLS", where);
  environment.running = std::shared_ptr<sim::Sandbox>(std::move(sandbox));
  return environment;
}

}  // namespace polycloud::cli
