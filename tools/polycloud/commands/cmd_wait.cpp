// `polycloud wait PROVIDER ID --state S`: polls (with backoff, a progress line on stderr) until the
// instance is in state S, then prints it. Fails fast on error/terminated, never waits past --timeout.
#include "commands/commands.hpp"
#include "commands/instance_ref.hpp"
#include "commands/dry_run.hpp"
#include "output/output.hpp"
#include "terminal/progress.hpp"
#include "terminal/wait_progress.hpp"

namespace polycloud::cli {

ExitCode run_wait(Session& session, WaitArgs const& args) {
  if (auto fields = check_fields(session.global().fields, instance_layout()); !fields) return report(fields.error());
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  auto const deadline = deadline_after(std::chrono::seconds(args.timeout_seconds));
  auto const target = *parse_state(args.state);  // the parser accepted only state names
  if (session.global().dry_run) {
    show_wait_plan(session, **provider, args.id, target, args.timeout_seconds);
    return ExitCode::ok;
  }
  ProgressDisplay progress(args.provider + ": wait " + args.id + " for " + args.state);
  auto reached = session.run(wait_for(**provider, args.id, target, wait_options(deadline, progress)));
  if (!reached && reached.error().kind == ErrorKind::not_found) {  // perhaps a unique name rather than an id
    auto id = id_of_name(session, **provider, args.id, reached.error(), CallOptions{deadline});
    if (!id) {
      progress.finish();
      return report(id.error());
    }
    reached = session.run(wait_for(**provider, *id, target, wait_options(deadline, progress)));
  }
  if (!reached) {
    progress.finish();
    return report(naming_id(reached.error(), args.id));
  }
  progress.done();
  print_instance(session.global(), *reached);
  return ExitCode::ok;
}

}  // namespace polycloud::cli
