// The demo's providers: the in-process simulators, every one this CLI has an adapter for.
#include "sandbox/demo_environment.hpp"
#include "sandbox/sandbox_options.hpp"

#include <fmt/core.h>

#include <system_error>

namespace polycloud::cli {

namespace {
/// The demo creates with portable names; these aliases map them to identifiers the simulators use,
/// exactly as a user's config would. Types without an entry get the portable names unchanged.
/// The identifiers are the simulators' own catalogue entries.
void add_demo_aliases(ProviderConfig& provider) {
  struct Entry {
    char const* type;
    char const* size;
    char const* image;
  };
  static constexpr Entry catalogue[] = {
      {"openscaler", "b-1-500mb-10", "debian-13"},
      {"katapult", "rock-3", "debian-12"},
      {"bycloud", "6f1d3c52-6a0e-4f55-9d2b-1e8f0b7c4a01", "9a7b2e40-3c1d-4b6e-8f0a-5d2c7e1b9f02"},
  };
  for (auto const& entry : catalogue) {
    if (provider.type != entry.type) continue;
    provider.aliases.size.try_emplace("small", entry.size);
    provider.aliases.image.try_emplace("debian", entry.image);
  }
}
}  // namespace

Result<DemoEnvironment> start_demo_environment() {
  SandboxArgs args;
  args.instances = 4;
  std::unique_ptr<sim::Sandbox> sandbox;
  try {
    sandbox = sim::Sandbox::start(sandbox_options(args));
  } catch (std::system_error const& e) {
    return make_error(ErrorKind::unavailable, std::string("cannot start the simulators: ") + e.what(), {}, "demo");
  }
  auto config = parse_config(usable_config(*sandbox), "(demo sandbox)",
                             [](std::string_view) { return std::optional<std::string>(); });
  if (!config) return config.error();
  DemoEnvironment environment;
  for (auto& provider : config->providers) add_demo_aliases(provider);
  environment.config = std::move(*config);
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
