// `polycloud sandbox`: the simulators on loopback until SIGINT/SIGTERM, with their config printed
// (or written) so any polycloud command can be pointed at them.
#include "commands.hpp"
#include "sandbox_options.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/core.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace polycloud::cli {

ExitCode run_sandbox(GlobalArgs const&, SandboxArgs const& args) {
  std::unique_ptr<sim::Sandbox> sandbox;
  try {
    sandbox = sim::Sandbox::start(sandbox_options(args));
  } catch (std::system_error const& e) {
    return report(
        make_error(ErrorKind::unavailable, std::string("cannot start the simulators: ") + e.what(), {}, "sandbox"));
  }
  auto const config = usable_config(*sandbox);
  if (args.write_config) {
    std::ofstream out(*args.write_config);
    // It holds the simulators' tokens: private to the user, so polycloud has nothing to warn about.
    std::error_code ignored;  // a failure to restrict shows up as the write failing or as a warning later
    std::filesystem::permissions(*args.write_config,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ignored);
    out << config << '\n';
    if (!out.flush()) return report(make_error(ErrorKind::config, "cannot write " + *args.write_config, {}, "sandbox"));
    fmt::print(stderr, "polycloud sandbox: config written to {}\n", *args.write_config);
  } else {
    fmt::print("{}\n", config);
    std::fflush(stdout);
  }
  for (auto const& provider : sandbox->providers())
    fmt::print(stderr, "polycloud sandbox: {} ({}) at {}\n", provider.name, provider.type, provider.endpoint);
  fmt::print(stderr, "polycloud sandbox: serving until interrupted (Ctrl-C)\n");

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([](boost::system::error_code, int) {});
  io.run();
  sandbox->stop();
  fmt::print(stderr, "polycloud sandbox: stopped\n");
  return ExitCode::ok;
}

}  // namespace polycloud::cli
