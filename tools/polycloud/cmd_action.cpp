// `polycloud delete|start|stop|reboot PROVIDER ID [--wait]`.
#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "wait_progress.hpp"

namespace polycloud::cli {

namespace {
RecordLayout const& action_layout() {
  static RecordLayout const layout{
      {"provider", "id", "operation", "state"},
      {{"provider", {"PROVIDER"}}, {"id", {"ID", 0, true}}, {"operation", {"OPERATION"}}, {"state", {"STATE"}}}};
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

ExitCode run_action(Session& session, ActionArgs const& args) {
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  auto const deadline = deadline_after(std::chrono::seconds(args.timeout_seconds));
  auto const operation = std::string(to_string(args.operation));
  session.set_interrupt_report("the " + operation + " of " + args.id + " on " + args.provider +
                               " may have been sent; its outcome is unknown");
  auto done = session.run(perform(**provider, args.operation, args.id, CallOptions{deadline}));
  if (!done) return report(done.error());

  boost::json::value state = nullptr;  // unknown unless we waited for it
  if (args.wait) {
    ProgressDisplay progress(args.provider + ": " + operation + " " + args.id);
    session.set_interrupt_report("the " + operation + " of " + args.id + " on " + args.provider +
                                 " was accepted; the wait for it to finish was cancelled");
    auto target = resulting_state(args.operation);
    auto reached = session.run(wait_for(**provider, args.id, target, wait_options(deadline, progress)));
    progress.finish();
    if (!reached) return report(reached.error());
    state = to_string(reached->state);
  }
  RecordPrinter printer(session.global().output, action_layout(), true);
  printer.add(
      {{"provider", args.provider}, {"id", args.id}, {"operation", to_string(args.operation)}, {"state", state}});
  printer.finish();
  return ExitCode::ok;
}

}  // namespace polycloud::cli
