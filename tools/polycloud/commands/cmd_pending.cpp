// `polycloud pending`: the keyed creates whose outcome is not known yet (the journal of creates in
// flight, create_journal.hpp), and with --resolve their lookup: one find_by_idempotency_keys pass per
// provider for all of its keys; a key found on exactly one VM is cleared, the rest are said as they are.
#include "commands/commands.hpp"
#include "output/output.hpp"
#include "output/streams.hpp"

#include <polycloud/create_journal.hpp>

#include <algorithm>
#include <map>

namespace polycloud::cli {

namespace {

RecordLayout const& pending_layout() {
  static RecordLayout const layout{
      {"provider", "key", "name", "size", "image", "region", "started", "pid", "host", "status", "ids", "detail"},
      {{"provider", {"PROVIDER"}},
       {"key", {"KEY"}},
       {"name", {"NAME", 0, true}},
       {"started", {"STARTED", 2}},
       {"status", {"STATUS"}},
       {"ids", {"IDS", 1, true}},
       {"detail", {"DETAIL", 3, true}}},
      {}};
  return layout;
}

/// One journal line and what is known of it now.
struct Row {
  PendingCreate entry;
  std::string status;  ///< in_flight, interrupted; with --resolve also resolved, unknown, conflict
  std::vector<std::string> ids;
  std::string detail;
};

Record record_of(Row const& row) {
  auto const& entry = row.entry;
  return {{"provider", std::string_view(entry.provider)},
          {"key", std::string_view(entry.key)},
          {"name", std::string_view(entry.name)},
          {"size", std::string_view(entry.size)},
          {"image", std::string_view(entry.image)},
          {"region", std::string_view(entry.region)},
          {"started", std::string_view(entry.started)},
          {"pid", static_cast<std::int64_t>(entry.pid)},
          {"host", std::string_view(entry.host)},
          {"status", std::string_view(row.status)},
          {"ids", row.ids},
          {"detail", std::string_view(row.detail)}};
}

/// Looks up every row of one provider in one pass and clears what it finds. Each key's lock is held
/// while it is looked up, so no create of it on this host can land between the lookup and the clear;
/// a key whose lock another process holds is being created right now and is left to it.
void resolve_provider(Session& session, CreateJournal& journal, std::vector<Row*> const& rows) {
  auto const& provider_name = rows.front()->entry.provider;
  auto provider = session.fleet().provider(provider_name);
  if (!provider) {
    for (auto* row : rows) row->status = "unknown", row->detail = provider.error().message;
    return;
  }
  std::vector<CreateJournal::KeyLock> held;
  std::vector<std::string> keys;
  std::vector<Row*> looked_up;
  for (auto* row : rows) {
    auto lock = journal.try_lock_key(provider_name, row->entry.key);
    if (!lock) {
      row->status = "unknown", row->detail = lock.error().message;
    } else if (!*lock) {
      row->status = "in_flight", row->detail = "another polycloud process is creating it now";
    } else {
      held.push_back(std::move(**lock));
      keys.push_back(row->entry.key);
      looked_up.push_back(row);
    }
  }
  if (keys.empty()) return;
  auto found = session.run((*provider)->find_by_idempotency_keys(keys, CallOptions::within(std::chrono::minutes(2))));
  for (auto* row : looked_up) {
    if (!found) {
      row->status = "unknown", row->detail = found.error().to_string();
      continue;
    }
    auto const vms = found->find(row->entry.key);
    if (vms == found->end() || vms->second.empty()) {
      row->status = "unknown";
      row->detail = "no VM carries the key: the create never arrived, or the provider does not list the VM yet; "
                    "run the same create command again (it makes the VM once, or adopts it)";
      continue;
    }
    for (auto const& vm : vms->second) row->ids.push_back(vm.id);
    if (vms->second.size() > 1) {
      row->status = "conflict";
      row->detail = "several VMs carry the key: keep one and delete the others";
      continue;
    }
    if (auto cleared = journal.clear(provider_name, row->entry.key); !cleared) {
      row->status = "unknown", row->detail = cleared.error().message;
      continue;
    }
    row->status = "resolved";
    row->detail = "the create made VM " + vms->second.front().id + "; its line is cleared";
  }
}

}  // namespace

ExitCode run_pending(GlobalArgs const& global, PendingArgs const& args) {
  if (auto fields = check_fields(global.fields, pending_layout()); !fields) return report(fields.error());
  auto directory = CreateJournal::default_directory();
  if (!directory) return report(directory.error());
  CreateJournal journal(*directory);
  auto entries = journal.pending();
  if (!entries) return report(entries.error());

  std::vector<Row> rows;
  for (auto& entry : *entries) {
    if (!args.providers.empty() &&
        std::find(args.providers.begin(), args.providers.end(), entry.provider) == args.providers.end())
      continue;
    auto lock = journal.try_lock_key(entry.provider, entry.key);
    // The lock is released at once: only whether someone holds it now matters here.
    std::string status = lock && !*lock ? "in_flight" : "interrupted";
    rows.push_back({std::move(entry), std::move(status), {}, {}});
  }
  std::size_t unresolved = 0;
  if (args.resolve && !rows.empty()) {
    auto session = Session::open(global);
    if (!session) return report(session.error());
    std::map<std::string, std::vector<Row*>> by_provider;
    for (auto& row : rows) by_provider[row.entry.provider].push_back(&row);
    for (auto const& [name, of_provider] : by_provider) resolve_provider(**session, journal, of_provider);
    unresolved = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](Row const& row) { return row.status != "resolved"; }));
  }

  RecordPrinter printer(global, pending_layout());
  for (auto const& row : rows) printer.add(record_of(row));
  printer.finish();
  if (args.resolve && unresolved > 0) {
    print_err("polycloud: pending: {} of {} still unknown: rerun each create with its --idempotency-key (a VM "
              "carrying the key is adopted, never built twice), or look at the DETAIL column\n",
              unresolved, rows.size());
    return ExitCode::failure;
  }
  return ExitCode::ok;
}

}  // namespace polycloud::cli
