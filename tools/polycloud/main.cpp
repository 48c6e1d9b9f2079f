// polycloud: the command-line front end of the library (docs/cli.md).
#include "arguments.hpp"
#include "commands.hpp"

#include <type_traits>

using namespace polycloud::cli;

namespace {
/// Commands that talk to configured providers need the config and fleet first.
template <class Run>
ExitCode with_session(GlobalArgs const& global, Run&& run) {
  auto session = Session::open(global);
  if (!session) return report(session.error());
  return run(**session);
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
        else if constexpr (std::is_same_v<Args, ProvidersArgs>)
          return with_session(global, [](Session& session) { return run_providers(session); });
        else if constexpr (std::is_same_v<Args, ListArgs>)
          return with_session(global, [&](Session& session) { return run_list(session, args); });
        else if constexpr (std::is_same_v<Args, GetArgs>)
          return with_session(global, [&](Session& session) { return run_get(session, args); });
        else if constexpr (std::is_same_v<Args, CreateArgs>)
          return with_session(global, [&](Session& session) { return run_create(session, args); });
        else
          return with_session(global, [&](Session& session) { return run_action(session, args); });
      },
      invocation.command);
}
}  // namespace

int main(int argc, char** argv) {
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
