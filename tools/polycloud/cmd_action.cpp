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

ExitCode run_action(Session& session, ActionArgs const& args) {
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  auto const deadline = Clock::now() + std::chrono::seconds(args.timeout_seconds);
  auto done = session.run(perform(**provider, args.operation, args.id, CallOptions{deadline}));
  if (!done) return report(done.error());

  FieldValue state = nullptr;  // unknown unless we waited for it
  if (args.wait) {
    ProgressDisplay progress(args.provider + ": " + std::string(to_string(args.operation)) + " " + args.id);
    auto target = resulting_state(args.operation);
    auto reached = session.run(wait_for(**provider, args.id, target, wait_options(deadline, progress)));
    if (!reached) {
      progress.finish();  // the error line starts on a line of its own
      return report(reached.error());
    }
    progress.done();
    state = to_string(reached->state);
  }
  RecordPrinter printer(session.global(), action_layout(), true);
  printer.add({{"provider", std::string_view(args.provider)},
               {"id", std::string_view(args.id)},
               {"operation", to_string(args.operation)},
               {"state", state}});
  printer.finish();
  return ExitCode::ok;
}

}  // namespace polycloud::cli
