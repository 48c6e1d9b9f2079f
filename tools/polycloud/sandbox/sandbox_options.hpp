#pragma once
// Shared by `polycloud sandbox` and `polycloud demo`: the simulators on loopback and the part of their
// config this CLI can use (only the types it has adapters for, so nothing unusable is printed).
#include "commands/arguments.hpp"

#include <polycloud/registry.hpp>

#include "sim/sandbox.hpp"

#include <memory>
#include <string_view>

namespace polycloud::cli {

inline sim::SandboxOptions sandbox_options(SandboxArgs const& args) {
  sim::SandboxOptions options;
  options.instances = static_cast<std::size_t>(args.instances);
  options.seed = args.seed;
  options.latency = std::chrono::milliseconds(args.latency_ms);
  options.tls = !args.plain;
  options.openscaler_port = static_cast<std::uint16_t>(args.openscaler_port);
  options.katapult_port = static_cast<std::uint16_t>(args.katapult_port);
  options.bycloud_port = static_cast<std::uint16_t>(args.bycloud_port);
  options.extra_images = static_cast<std::size_t>(args.catalog_images);
  return options;
}

// The simulators started, or one `unavailable` error for `operation` ("sandbox", "demo") saying why: a port
// in use exits 1 with the system's words, never an abort.
Result<std::unique_ptr<sim::Sandbox>> start_sandbox(SandboxArgs const& args, std::string_view operation);

inline std::string usable_config(sim::Sandbox const& sandbox) { return sandbox.config_json(provider_type_names()); }

}  // namespace polycloud::cli
