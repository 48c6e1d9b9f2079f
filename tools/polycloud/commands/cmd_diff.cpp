// `polycloud diff A.db [B.db] [--from T] [--to T]`: two snapshots compared as InventoryEvents, the ndjson
// `watch` prints (the default format here), or one row per event (table, csv, value). Reads files only:
// no config, nothing sent. docs/inventory.md, "Diff".
#include "commands/commands.hpp"
#include "output/output.hpp"
#include "output/streams.hpp"

#include <polycloud/snapshot.hpp>

#include <boost/json/serialize.hpp>

namespace polycloud::cli {

namespace {

/// The rows of table, csv and value: one per event, the change said in `detail`.
RecordLayout const& diff_layout() {
  static RecordLayout const layout{{"event", "provider", "id", "observed_at", "detail"},
                                   {{"event", {"EVENT"}},
                                    {"provider", {"PROVIDER"}},
                                    {"id", {"ID"}},
                                    {"observed_at", {"OBSERVED", 2}},
                                    {"detail", {"DETAIL", 1, true}}},
                                   {}};
  return layout;
}

/// The keys of an event's JSON (inventory.hpp), which --fields may pick in json and ndjson.
RecordLayout const& event_layout() {
  static RecordLayout const layout{
      {"event", "provider", "id", "observed_at", "from", "to", "raw_from", "raw_to", "changes", "instance", "error"},
      {},
      {}};
  return layout;
}

std::string value_text(boost::json::value const& value) {
  return value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
}

std::string detail(InventoryEvent const& event) {
  switch (event.kind) {
    case InventoryEventKind::added:
    case InventoryEventKind::removed:
      return event.instance ? event.instance->name : std::string();
    case InventoryEventKind::state:
      return std::string(to_string(event.from)) + " → " + std::string(to_string(event.to)) + " (" + event.raw_from +
             " → " + event.raw_to + ")";
    case InventoryEventKind::changed: {
      std::string text;
      for (auto const& change : event.changes)
        text += (text.empty() ? "" : "; ") + change.field + ": " + value_text(change.before) + " → " +
                value_text(change.after);
      return text;
    }
    case InventoryEventKind::provider_unavailable:
      return event.error ? event.error->to_string() : std::string();
    case InventoryEventKind::provider_recovered:
      break;
  }
  return {};
}

/// The two snapshots: with two files, each file's --from/--to (default: its latest complete); with one,
/// --to (default: the latest complete) and --from (default: the latest complete before it).
Result<std::pair<SnapshotRef, SnapshotRef>> snapshots_compared(DiffArgs const& args) {
  auto time = [](std::optional<std::string> const& text) {
    return text ? parse_snapshot_time(*text) : std::nullopt;  // validated by the parser
  };
  if (args.files.size() == 2) return std::pair{SnapshotRef{args.files[0], time(args.from)}, SnapshotRef{args.files[1], time(args.to)}};
  std::filesystem::path const file = args.files.front();
  if (!args.from && !args.to) return latest_two(file);
  SnapshotRef to{file, time(args.to)};
  if (args.from) return std::pair{SnapshotRef{file, time(args.from)}, to};
  auto snapshots = list_snapshots(file);
  if (!snapshots) {
    auto error = snapshots.error();
    error.operation = "diff";
    return error;
  }
  for (auto it = snapshots->rbegin(); it != snapshots->rend(); ++it)
    if (it->complete && it->observed_at < *to.at) return std::pair{SnapshotRef{file, it->observed_at}, to};
  return make_error(ErrorKind::not_found, file.string() + " holds no complete snapshot before " + *args.to, {}, "diff");
}

}  // namespace

ExitCode run_diff(GlobalArgs const& given, DiffArgs const& args) {
  GlobalArgs global = given;
  if (!global.output_given) global.output = OutputFormat::ndjson;  // the form watch prints
  bool const as_json = global.output == OutputFormat::ndjson || global.output == OutputFormat::json;
  if (auto fields = check_fields(global.fields, as_json ? event_layout() : diff_layout()); !fields)
    return report(fields.error());
  auto compared = snapshots_compared(args);
  if (!compared) return report(compared.error());

  DiffOptions options;
  options.providers = args.providers;
  std::optional<RecordPrinter> printer;
  if (!as_json) printer.emplace(global, diff_layout());
  std::size_t events = 0;
  auto const print = [&](InventoryEvent const& event) {
    if (printer) {
      auto const id = event.id, at = format_rfc3339(event.observed_at), text = detail(event);
      printer->add({{"event", to_string(event.kind)},
                    {"provider", std::string_view(event.provider)},
                    {"id", id.empty() ? FieldValue(nullptr) : FieldValue(id)},
                    {"observed_at", at},
                    {"detail", text}});
      return;
    }
    auto json = to_json(event);
    if (!global.fields.empty()) {  // only those keys, in that order
      boost::json::object picked;
      for (auto const& key : global.fields)
        if (auto const* value = json.if_contains(key)) picked[key] = *value;
      json = std::move(picked);
    }
    bool const array = global.output == OutputFormat::json;
    write_out(array ? (events == 0 ? "[\n" : ",\n") : "");
    write_out(boost::json::serialize(json));
    if (!array) write_out("\n");
    ++events;
  };
  auto diffed = diff_snapshots(compared->first, compared->second, print, options);
  if (printer) printer->finish();
  if (global.output == OutputFormat::json) write_out(events == 0 ? "[]\n" : "\n]\n");
  flush_out();
  if (!diffed) return report(diffed.error());
  return ExitCode::ok;
}

}  // namespace polycloud::cli
