// `polycloud create`: one portable CreateSpec resolved to a provider and its exact ids
// (create_target.hpp), live progress on stderr, then (unless --no-wait) a wait until the instance runs.
#include "commands/commands.hpp"
#include "commands/create_target.hpp"
#include "commands/dry_run.hpp"
#include "output/key_value.hpp"
#include "output/output.hpp"
#include "terminal/progress.hpp"
#include "commands/spec_file.hpp"
#include "commands/ssh_key.hpp"
#include "output/streams.hpp"
#include "output/visible_text.hpp"
#include "terminal/wait_progress.hpp"

namespace polycloud::cli {

namespace {
CliResult<CreateSpec> build_spec(Session& session, CreateArgs const& args, Clock::time_point deadline) {
  CreateSpec spec;
  if (args.spec_file) {
    auto from_file = read_spec_file(*args.spec_file);
    if (!from_file) return from_file.error();
    spec = std::move(*from_file);
  }
  if (args.name) spec.name = *args.name;
  if (args.size) spec.size = *args.size;
  if (args.image) spec.image = *args.image;
  if (args.region) spec.region = *args.region;
  for (auto const& key : args.ssh_keys) {
    auto keys = ssh_keys_from(key, deadline, [&] { session.check_interrupted(); });
    if (!keys) return keys.error();
    for (auto& one : *keys) spec.ssh_public_keys.push_back(std::move(one));
  }
  if (args.user_data_file) {
    auto user_data = read_text_file(*args.user_data_file, "user data");
    if (!user_data) return user_data.error();
    spec.user_data = std::move(*user_data);
  }
  if (args.user_data_secret) spec.user_data_is_secret = true;  // a --spec file may have set it already
  for (auto& [key, value] : key_value_map(args.tags)) spec.tags[key] = value;
  for (auto& [key, value] : key_value_map(args.options)) spec.provider_options[key] = value;
  if (spec.name.empty() || spec.size.empty() || spec.image.empty())
    return usage_error("create needs --name, --size and --image (or a --spec file giving them)",
                      args.provider, "create");
  if (args.idempotency_key) spec.idempotency_key = *args.idempotency_key;
  if (args.if_absent) spec.idempotency_key = if_absent_idempotency_key(args.provider, spec.name);
  // Checked here too, before the spec's catalogs are read: a bad key sends nothing at all.
  if (!spec.idempotency_key.empty() && !valid_idempotency_key(spec.idempotency_key))
    return make_error(ErrorKind::invalid_argument,
                      "an idempotency key is 1 to " + std::to_string(max_idempotency_key_length) +
                          " characters of A-Z, a-z, 0-9, '.', '_' and '-' (this one has " +
                          std::to_string(spec.idempotency_key.size()) + " characters)",
                      args.provider, "create");
  return spec;
}
}  // namespace

CliResult<Instance> create_instance(Session& session, CreateArgs const& args) {
  if (args.provider.empty()) return usage_error("create needs a provider: PROVIDER or --provider", {}, "create");
  // --refresh: catalogs read to resolve this spec are listed again and their cache files rewritten.
  session.set_refresh_catalogs(args.refresh_catalog);
  // Reading --ssh-key from a pipe and the catalogs count against the create's deadline too.
  auto const deadline = deadline_after(std::chrono::seconds(args.timeout_seconds));
  auto built = build_spec(session, args, deadline);
  if (!built) return built.error();
  auto target = choose_create_target(session, args, std::move(*built), deadline);
  if (!target) return target.error();
  auto const& name = target->provider;
  auto const* spec = &target->spec;
  auto provider = session.fleet().provider(name);
  if (!provider) return provider.error();

  ProgressDisplay progress(name + ": create " + spec->name);
  std::string const may_exist = "the VM named " + spec->name + " may exist on " + name;
  // With a key, running the same command again settles it: it adopts the VM if this run made one.
  std::string const settle = spec->idempotency_key.empty()
                                 ? std::string()
                                 : "; run the same command again (idempotency key " + spec->idempotency_key +
                                       ") to adopt it rather than create a second one, or polycloud pending --resolve";
  session.set_interrupt_report(may_exist + " (the create may have been sent)" + settle);
  std::string accepted_id;
  auto on_progress = [&](Progress const& step) {
    // ByCloud and Katapult wait for the build inside create(): the id is known well before it returns.
    if (!step.id.empty() && step.id != accepted_id) {
      accepted_id = step.id;
      session.set_interrupt_report(may_exist + " with id " + accepted_id + " (the create was accepted)" + settle);
    }
    progress.update(step);
  };
  // Through the fleet: a keyed create is locked and journaled there (create_journal.hpp).
  auto created = session.run(session.fleet().create(name, *spec, on_progress, CallOptions{deadline}));
  if (!created && !args.no_wait && stopped_by_dry_run(session, created.error()))
    show_wait_plan(session, **provider, std::nullopt, State::running, args.timeout_seconds);
  // An adopted VM is waited for only while it is still being built: one its owner stopped is adopted
  // as it is (adopting is not starting it), as the library's create returns it.
  bool const adopted = created && created->adopted;
  bool const wait = created && !args.no_wait && created->state != State::running &&
                    (!adopted || created->state == State::pending);
  if (wait) {
    session.set_interrupt_report("the VM named " + spec->name + " exists on " + name + " with id " +
                                 created->id + " but was not yet seen running");
    created = session.run(wait_for(**provider, created->id, State::running, wait_options(deadline, progress)));
    if (created) created->adopted = adopted;
  }
  if (!created) return created.error();
  progress.done();
  return std::move(*created);
}

ExitCode run_create(Session& session, CreateArgs const& args) {
  if (auto fields = check_fields(session.global().fields, create_layout()); !fields) return report(fields.error());
  auto instance = create_instance(session, args);
  if (!instance) return report(instance.error());
  print_created(session.global(), *instance);
  // The VM exists: when its record could not be written, stderr is the last place left to name it, so
  // that no one retries the create and makes a second one.
  report_stdout_failure(fmt::format("the VM created on {} with id {} ({})", instance->provider,
                                    visible_controls(instance->id), visible_controls(instance->name)));
  return ExitCode::ok;
}

}  // namespace polycloud::cli
