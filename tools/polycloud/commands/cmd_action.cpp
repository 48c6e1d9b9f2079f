// `polycloud delete|start|stop|reboot PROVIDER ID… [--wait]`: each id in turn; one failing id is reported
// and the others still run (exit 5 when only some failed).
#include "commands/commands.hpp"
#include "commands/dry_run.hpp"
#include "commands/instance_ref.hpp"
#include "output/output.hpp"
#include "terminal/progress.hpp"
#include "output/streams.hpp"
#include "output/visible_text.hpp"
#include "terminal/terminal.hpp"
#include "terminal/wait_progress.hpp"

#include <fmt/core.h>

#include <array>
#include <cstdio>

namespace polycloud::cli {

namespace {
RecordLayout const& action_layout() {
  static RecordLayout const layout{
      {"provider", "id", "operation", "state"},
      {{"provider", {"PROVIDER"}}, {"id", {"ID"}}, {"operation", {"OPERATION"}}, {"state", {"STATE"}}},
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
/// What the person must type to confirm: the instance's name (its id when it has none), or for several
/// ids their number. Asking for the name, not "y", makes them look at which instance it is.
std::string confirmation_word(Session& session, Provider& provider, ActionArgs const& args) {
  if (args.ids.size() != 1) return std::to_string(args.ids.size());
  GetOptions options;
  options.call = CallOptions::within(std::chrono::seconds(args.timeout_seconds));
  auto instance = session.run(provider.get(args.ids.front(), options));
  return instance && !instance->name.empty() ? instance->name : args.ids.front();
}

CliResult<void> confirm_delete(Session& session, Provider& provider, ActionArgs const& args) {
  auto const word = confirmation_word(session, provider, args);
  auto const what = args.ids.size() == 1 ? "instance " + args.ids.front() : word + " instances";
  print_err("Deleting {} on {} cannot be undone. Type {} to confirm: ", visible_controls(what), args.provider,
            args.ids.size() == 1 ? "its name (" + visible_controls(word) + ")" : "their number (" + word + ")");
  std::array<char, 1024> line{};
  std::string typed = std::fgets(line.data(), static_cast<int>(line.size()), stdin) ? line.data() : "";
  while (!typed.empty() && (typed.back() == '\n' || typed.back() == '\r')) typed.pop_back();
  if (typed == word) return {};
  return usage_error(fmt::format("not confirmed (typed \"{}\"): nothing was deleted; --yes skips the question",
                                 visible_controls(typed)),
                     args.provider, "delete");
}

/// One id: the action, then (with --wait) the state it leads to; the state is null when not observed.
/// An `id` the provider does not know but that is the unique name of an instance becomes that one's id.
CliResult<FieldValue> act_on(Session& session, Provider& provider, ActionArgs const& args, std::string& id) {
  auto const deadline = deadline_after(std::chrono::seconds(args.timeout_seconds));
  auto const operation = std::string(to_string(args.operation));
  session.set_interrupt_report("the " + operation + " of " + id + " on " + args.provider +
                               " may have been sent; its outcome is unknown");
  auto done = session.run(perform(provider, args.operation, id, CallOptions{deadline}));
  if (!done && done.error().kind == ErrorKind::not_found) {
    auto named = id_of_name(session, provider, id, done.error(), CallOptions{deadline});
    if (named) {
      id = *named;
      done = session.run(perform(provider, args.operation, id, CallOptions{deadline}));
    } else if (auto const failure = named.error(); std::holds_alternative<Error>(failure) &&
                                                   std::get<Error>(failure).kind == ErrorKind::not_found) {
      done = std::get<Error>(failure);
    } else {
      return failure;  // several instances have that name: none is acted on
    }
  }
  if (!done && args.wait && stopped_by_dry_run(session, done.error()))
    show_wait_plan(session, provider, id, resulting_state(args.operation), args.timeout_seconds);
  bool const already_gone = !done && args.ignore_missing && done.error().kind == ErrorKind::not_found;
  if (!done && !already_gone) return naming_id(done.error(), id);
  if (!args.wait) return FieldValue(nullptr);
  ProgressDisplay progress(args.provider + ": " + operation + " " + id);
  session.set_interrupt_report("the " + operation + " of " + id + " on " + args.provider +
                               " was accepted; the wait for it to finish was cancelled");
  auto reached = session.run(wait_for(provider, id, resulting_state(args.operation), wait_options(deadline, progress)));
  if (!reached) {
    progress.finish();  // the error line starts on a line of its own
    return naming_id(reached.error(), id);
  }
  progress.done();
  return FieldValue(to_string(reached->state));
}
}  // namespace

ExitCode run_action(Session& session, ActionArgs const& args) {
  if (auto fields = check_fields(session.global().fields, action_layout()); !fields) return report(fields.error());
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  // A typed delete cannot be undone: at a terminal the person confirms it by typing; a script (no
  // terminal) may not be able to answer a prompt, and says --yes when it means it. A dry run sends nothing.
  if (args.operation == Operation::remove && !args.yes && is_terminal(stdin) && !session.global().dry_run)
    if (auto confirmed = confirm_delete(session, **provider, args); !confirmed) return report(confirmed.error());

  RecordPrinter printer(session.global(), action_layout(), args.ids.size() == 1);
  std::size_t failed = 0;
  auto first_failure = ExitCode::ok;
  for (auto id : args.ids) {
    auto state = act_on(session, **provider, args, id);
    if (!state) {
      auto const code = report(state.error());
      if (failed++ == 0) first_failure = code;
      continue;
    }
    printer.add({{"provider", std::string_view(args.provider)},
                 {"id", std::string_view(id)},
                 {"operation", to_string(args.operation)},
                 {"state", *state}});
    printer.flush();
  }
  printer.finish(failed == args.ids.size());
  if (failed == 0) return ExitCode::ok;
  return failed < args.ids.size() ? ExitCode::partial : first_failure;
}

}  // namespace polycloud::cli
