// `polycloud delete|start|stop|reboot PROVIDER ID… [--wait]`: each id in turn; one failing id is reported
// and the others still run (exit 5 when only some failed).
#include "commands.hpp"
#include "dry_run.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "terminal.hpp"
#include "wait_progress.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

namespace {
RecordLayout const& action_layout() {
  static RecordLayout const layout{
      {"provider", "id", "operation", "state"},
      {{"provider", {"PROVIDER"}}, {"id", {"ID", 0, true}}, {"operation", {"OPERATION"}}, {"state", {"STATE"}}},
      {}};
  return layout;
}

/// The state an action leads to, for --wait. A reboot ends running again (possibly at once).
State resulting_state(Operation op) noexcept {
  switch (op) {
    case Operation::remove:
      return State::terminated;
    case Operation::stop:
      return State::stopped;
    default:
      return State::running;
  }
}

boost::asio::awaitable<Result<void>> perform(Provider& provider, Operation op, std::string id, CallOptions call) {
  switch (op) {
    case Operation::remove:
      co_return co_await provider.remove(std::move(id), call);
    case Operation::start:
      co_return co_await provider.start(std::move(id), call);
    case Operation::stop:
      co_return co_await provider.stop(std::move(id), call);
    case Operation::reboot:
      co_return co_await provider.reboot(std::move(id), call);
    default:
      co_return not_supported(provider.name(), op);
  }
}
}  // namespace

namespace {
/// One id: the action, then (with --wait) the state it leads to; the state is null when not observed.
Result<FieldValue> act_on(Session& session, Provider& provider, ActionArgs const& args, std::string const& id) {
  auto const deadline = deadline_after(std::chrono::seconds(args.timeout_seconds));
  auto const operation = std::string(to_string(args.operation));
  session.set_interrupt_report("the " + operation + " of " + id + " on " + args.provider +
                               " may have been sent; its outcome is unknown");
  auto done = session.run(perform(provider, args.operation, id, CallOptions{deadline}));
  if (!done && args.wait && stopped_by_dry_run(session, done.error()))
    show_wait_plan(session, provider, id, resulting_state(args.operation), args.timeout_seconds);
  bool const already_gone = !done && args.ignore_missing && done.error().kind == ErrorKind::not_found;
  if (!done && !already_gone) return done.error();
  if (!args.wait) return FieldValue(nullptr);
  ProgressDisplay progress(args.provider + ": " + operation + " " + id);
  session.set_interrupt_report("the " + operation + " of " + id + " on " + args.provider +
                               " was accepted; the wait for it to finish was cancelled");
  auto reached = session.run(wait_for(provider, id, resulting_state(args.operation), wait_options(deadline, progress)));
  if (!reached) {
    progress.finish();  // the error line starts on a line of its own
    return reached.error();
  }
  progress.done();
  return FieldValue(to_string(reached->state));
}
}  // namespace

ExitCode run_action(Session& session, ActionArgs const& args) {
  if (auto fields = check_fields(session.global().fields, action_layout()); !fields) return report(fields.error());
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  // A typed delete cannot be undone: at a terminal it must be confirmed; a script (no terminal) may not
  // be able to answer a prompt, and says --yes when it means it.
  if (args.operation == Operation::remove && !args.yes && is_terminal(stdin))
    return report(make_error(ErrorKind::config,
                             fmt::format("deleting {} cannot be undone: add --yes to confirm",
                                         args.ids.size() == 1 ? "instance " + args.ids.front()
                                                              : std::to_string(args.ids.size()) + " instances"),
                             args.provider, "delete"));

  RecordPrinter printer(session.global(), action_layout(), args.ids.size() == 1);
  std::vector<Error> failures;
  for (auto const& id : args.ids) {
    auto state = act_on(session, **provider, args, id);
    if (!state) {
      report(state.error());
      failures.push_back(state.error());
      continue;
    }
    printer.add({{"provider", std::string_view(args.provider)},
                 {"id", std::string_view(id)},
                 {"operation", to_string(args.operation)},
                 {"state", *state}});
    printer.flush();
  }
  printer.finish();
  return combined_exit_code(failures.size(), args.ids.size(),
                            failures.empty() ? ErrorKind::unknown_outcome : failures.front().kind);
}

}  // namespace polycloud::cli
