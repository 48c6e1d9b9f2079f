// polycloud: the command-line front end of the library (docs/cli.md).
#include "commands/arguments.hpp"
#include "commands/commands.hpp"
#include "commands/create_target.hpp"
#include "commands/dry_run.hpp"
#include "output/streams.hpp"

#include <algorithm>
#include <optional>
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

/// What a command that prints as it goes reports a provider's failure under; null for the others, which
/// print nothing before their provider answers.
template <class Args>
constexpr char const* streamed_operation() {
  if constexpr (std::is_same_v<Args, ListArgs>) return "list";
  else if constexpr (std::is_same_v<Args, CatalogArgs>) return "catalog";
  else if constexpr (std::is_same_v<Args, WatchArgs>) return "watch";
  else if constexpr (std::is_same_v<Args, ExportArgs>) return "export";
  else return nullptr;
}

/// A command that prints as it goes, on providers whose config blocks could none be read: each one's
/// error, before any output (a table header over nothing, an empty snapshot, a watch waiting on them for
/// ever). With one usable provider among them the command runs, and they fail in it as any provider can.
template <class Args>
std::optional<ExitCode> refuse_if_all_unusable(Session& session, Args const& args) {
  constexpr char const* operation = streamed_operation<Args>();
  if constexpr (operation == nullptr) {
    return std::nullopt;
  } else {
    auto const names = touched_providers(session, args);
    auto const& config = session.config();
    auto const unusable = [&](std::string const& name) { return config.find_unusable(name) != nullptr; };
    if (names.empty() || !std::all_of(names.begin(), names.end(), unusable)) return std::nullopt;
    std::vector<polycloud::Error> failures;
    for (auto const& name : names) failures.push_back(config.find_unusable(name)->failure_of(operation));
    return report_all(failures);
  }
}

/// Commands that talk to configured providers need the config and fleet first.
template <class Args, class Run>
ExitCode with_session(GlobalArgs const& global, Args const& args, Run&& run) {
  auto session = Session::open(global);
  if (!session) return report(session.error());
  if (auto refused = refuse_if_all_unusable(**session, args)) return *refused;
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
