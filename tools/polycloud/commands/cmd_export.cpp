// `polycloud export --to FILE`: the fleet's listing streamed into an SQLite snapshot (docs/inventory.md).
// Prints one record per provider (its status in the snapshot); a provider whose listing failed is
// reported on stderr as `list` reports it, and the exit code is list's (5 when some failed).
#include "commands/commands.hpp"
#include "commands/list_filters.hpp"
#include "output/output.hpp"

#include <polycloud/snapshot.hpp>

namespace polycloud::cli {

namespace {
RecordLayout const& export_layout() {
  static RecordLayout const layout{{"observed_at", "provider", "status", "instances", "error"},
                                   {{"observed_at", {"SNAPSHOT", 2}},
                                    {"provider", {"PROVIDER"}},
                                    {"status", {"STATUS"}},
                                    {"instances", {"INSTANCES"}},
                                    {"error", {"ERROR", 1, true}}},
                                   {}};
  return layout;
}
}  // namespace

ExitCode run_export(Session& session, ExportArgs const& args) {
  auto const& global = session.global();
  if (auto fields = check_fields(global.fields, export_layout()); !fields) return report(fields.error());
  for (auto const& name : args.providers)
    if (auto found = session.fleet().provider(name); !found) return report(found.error());

  SnapshotExportOptions options;
  options.list = fleet_list_options(args);
  options.list.list.raw = args.raw;
  options.append = args.append;
  if (global.dry_run) {  // the listing's requests are the plan; no file is opened
    session.run(session.fleet().list(options.list, [](std::string const&, std::vector<Instance>&) {}));
    return ExitCode::ok;
  }
  auto snapshot = session.run(export_snapshot(session.fleet(), args.to, options));
  if (!snapshot) return report(snapshot.error());

  RecordPrinter printer(global, export_layout());
  auto const observed_at = format_rfc3339(snapshot->observed_at);
  std::size_t failed = 0;
  std::optional<ErrorKind> first_failure;
  for (auto const& provider : snapshot->providers) {
    printer.add({{"observed_at", std::string_view(observed_at)},
                 {"provider", std::string_view(provider.provider)},
                 {"status", std::string_view(provider.complete ? "complete" : "partial")},
                 {"instances", static_cast<std::int64_t>(provider.instances)},
                 {"error", provider.error ? FieldValue(provider.error->to_string()) : FieldValue(nullptr)}});
    if (provider.error) {
      ++failed;
      if (!first_failure) first_failure = provider.error->kind;
    }
  }
  printer.finish();
  for (auto const& provider : snapshot->providers)
    if (provider.error) report(*provider.error);
  return combined_exit_code(failed, snapshot->providers.size(), first_failure.value_or(ErrorKind::unknown_outcome));
}

}  // namespace polycloud::cli
