// `polycloud demo`: every command against every provider the environment offers, printed as the
// command line a user would type followed by its real output.
#include "commands/commands.hpp"
#include "output/streams.hpp"
#include "sandbox/demo_environment.hpp"
#include "output/output.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

namespace {
void announce(std::string const& command_line) {
  print_out("\n$ polycloud {}\n", command_line);
  flush_out();
}

ExitCode lifecycle(Session& session, DemoEnvironment const& environment, std::string const& provider) {
  CreateArgs create;
  create.provider = provider;
  create.name = "demo-" + provider;
  create.size = environment.size;
  create.image = environment.image;
  create.timeout_seconds = 60;
  announce(
      fmt::format("create {} --name {} --size {} --image {}", provider, *create.name, *create.size, *create.image));
  auto instance = create_instance(session, create);
  if (!instance) return report(instance.error());
  print_instance(session.global(), *instance);

  announce(fmt::format("get {} {}", provider, instance->id));
  if (auto code = run_get(session, {provider, instance->id}); code != ExitCode::ok) return code;
  for (Operation op : {Operation::stop, Operation::remove}) {
    announce(fmt::format("{} {} {} --wait", to_string(op), provider, instance->id));
    ActionArgs action;
    action.operation = op;
    action.provider = provider;
    action.ids = {instance->id};
    action.wait = true;
    action.timeout_seconds = 60;
    action.yes = true;  // the demo deletes only what it created
    if (auto code = run_action(session, action); code != ExitCode::ok) return code;
  }
  return ExitCode::ok;
}
}  // namespace

ExitCode run_demo(GlobalArgs const& global) {
  auto const started = Clock::now();
  auto environment = start_demo_environment();
  if (!environment) return report(environment.error());
  print_out("polycloud demo: {}\n", environment->description);
  auto session = Session::from_config(environment->config, global);
  if (!session) return report(session.error());

  announce("providers");
  if (auto code = run_providers(**session); code != ExitCode::ok) return code;
  announce("list");
  if (auto code = run_list(**session, {}); code != ExitCode::ok) return code;
  for (auto const& provider : environment->config.providers)
    if (auto code = lifecycle(**session, *environment, provider.name); code != ExitCode::ok) return code;

  std::chrono::duration<double> const elapsed = Clock::now() - started;
  print_out("\ndemo finished in {:.1f} s\n", elapsed.count());
  return ExitCode::ok;
}

}  // namespace polycloud::cli
