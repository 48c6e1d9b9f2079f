// polycloud: the command-line front end of the library (docs/cli.md).
#include "commands/arguments.hpp"
#include "commands/commands.hpp"
#include "commands/create_target.hpp"
#include "commands/dry_run.hpp"
#include "output/streams.hpp"

#include <type_traits>

using namespace polycloud::cli;

namespace {
/// The configured providers a command acts on.
template <class Args>
std::vector<std::string> touched_providers(Session& session, Args const& args) {
  if constexpr (std::is_same_v<Args, CreateArgs>) return create_provider_names(session.config(), args.provider);
  else if constexpr (requires { args.provider; }) return {args.provider};
  else if constexpr (requires { args.providers; }) return args.providers.empty() ? session.fleet().provider_names() : args.providers;
  else return {};
}

/// Commands that talk to configured providers need the config and fleet first.
template <class Args, class Run>
ExitCode with_session(GlobalArgs const& global, Args const& args, Run&& run) {
  auto session = Session::open(global);
  if (!session) return report(session.error());
  if (!global.dry_run) return run(**session);
  if (auto checked = check_dry_run(**session, touched_providers(**session, args)); !checked)
    return report(checked.error());
  auto const code = run(**session);
  // The request shown is the command's output; the "not sent" error it ended with is the expected end.
  return (*session)->dry_run_requests() > 0 ? ExitCode::ok : code;
}

ExitCode dispatch(Invocation const& invocation) {
  auto const& global = invocation.global;
  return std::visit(
      [&](auto const& args) -> ExitCode {
        using Args = std::decay_t<decltype(args)>;
        if constexpr (std::is_same_v<Args, SandboxArgs>)
          return run_sandbox(global, args);
        else if constexpr (std::is_same_v<Args, DemoArgs>)
          return run_demo(global);
        else if constexpr (std::is_same_v<Args, PendingArgs>)
          return run_pending(global, args);
        else if constexpr (std::is_same_v<Args, ProvidersArgs>)
          return with_session(global, args, [](Session& session) { return run_providers(session); });
        else if constexpr (std::is_same_v<Args, ListArgs>)
          return with_session(global, args, [&](Session& session) { return run_list(session, args); });
        else if constexpr (std::is_same_v<Args, CatalogArgs>)
          return with_session(global, args, [&](Session& session) { return run_catalog(session, args); });
        else if constexpr (std::is_same_v<Args, GetArgs>)
          return with_session(global, args, [&](Session& session) { return run_get(session, args); });
        else if constexpr (std::is_same_v<Args, CreateArgs>)
          return with_session(global, args, [&](Session& session) { return run_create(session, args); });
        else if constexpr (std::is_same_v<Args, WatchArgs>)
          return with_session(global, args, [&](Session& session) { return run_watch(session, args); });
        else if constexpr (std::is_same_v<Args, WaitArgs>)
          return with_session(global, args, [&](Session& session) { return run_wait(session, args); });
        else if constexpr (std::is_same_v<Args, ExportArgs>)
          return with_session(global, args, [&](Session& session) { return run_export(session, args); });
        else if constexpr (std::is_same_v<Args, DiffArgs>)
          return run_diff(global, args);
        else
          return with_session(global, args, [&](Session& session) { return run_action(session, args); });
      },
      invocation.command);
}
}  // namespace

namespace {
int run(int argc, char** argv) {
  auto parsed = parse_arguments(argc, argv);
  if (auto const* code = std::get_if<int>(&parsed)) return *code;
  try {
    return static_cast<int>(dispatch(std::get<Invocation>(parsed)));
  } catch (Interrupted const& interrupted) {
    // Thrown once the cancelled operation has ended; the stack (progress line included) is unwound.
    report_interrupted(interrupted);
    return interrupted.exit_code();
  }
}
}  // namespace

int main(int argc, char** argv) {
  guard_standard_streams();
  // Every path ends here, --help and usage errors too: output that never arrived is never a success.
  return finish_output(run(argc, argv));
}
