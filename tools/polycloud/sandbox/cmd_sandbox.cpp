// `polycloud sandbox`: the simulators on loopback until SIGINT/SIGTERM, with their config printed
// (or written) so any polycloud command can be pointed at them.
#include "commands/commands.hpp"
#include "commands/private_file.hpp"
#include "output/streams.hpp"
#include "sandbox/sandbox_options.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/core.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <filesystem>
#include <fstream>

namespace polycloud::cli {


int default_sandbox_instances() noexcept { return static_cast<int>(sim::SandboxOptions{}.instances); }

ExitCode run_sandbox(GlobalArgs const&, SandboxArgs const& args) {
  auto started = start_sandbox(args, "sandbox");
  if (!started) return report(started.error());
  auto sandbox = std::move(*started);
  auto const config = usable_config(*sandbox);
  if (args.write_config) {
    if (auto written = write_private_file(*args.write_config, config + "\n", "sandbox"); !written) return report(written.error());
    print_err("polycloud sandbox: config written to {}\n", *args.write_config);
  } else {
    print_out("{}\n", config);
    flush_out();
  }
  // Announce what the config offers: a simulator this CLI has no adapter for is not in it.
  auto const usable = provider_type_names();
  for (auto const& provider : sandbox->providers())
    if (std::find(usable.begin(), usable.end(), provider.type) != usable.end())
      print_err("polycloud sandbox: {} ({}) at {}\n", provider.name, provider.type, provider.endpoint);
  // The readiness signal: a harness waits for this line, then uses the config.
  print_err("polycloud sandbox: ready, serving until interrupted (Ctrl-C)\n");

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([](boost::system::error_code, int) {});
  io.run();
  sandbox->stop();
  print_err("polycloud sandbox: stopped\n");
  return ExitCode::ok;
}

}  // namespace polycloud::cli
