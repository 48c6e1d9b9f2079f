// `polycloud watch`: Fleet::watch printed as it goes, one ndjson line per event (the default) or one
// table row per event (-o table), flushed after every batch so a pipe sees each poll at once. It runs
// until Ctrl-C: Session::run cancels the watch and main exits 130. Memory is the watch's fingerprints
// and one batch of events (docs/inventory.md).
#include "commands/commands.hpp"
#include "output/key_value.hpp"
#include "output/streams.hpp"
#include "output/visible_text.hpp"

#include <polycloud/inventory.hpp>

#include <boost/json/serialize.hpp>

#include <fmt/format.h>

namespace polycloud::cli {

namespace {

WatchOptions watch_options(WatchArgs const& args) {
  WatchOptions options;
  options.providers = args.providers;
  if (args.state) options.filter.state = parse_state(*args.state);
  options.filter.name_glob = args.name_glob;
  options.filter.tags = key_value_map(args.tags);
  options.interval = std::chrono::milliseconds(args.interval_ms);
  options.report_existing = args.existing;
  return options;
}

/// The table's last column: what the event carries, in words.
std::string detail(InventoryEvent const& event) {
  switch (event.kind) {
    case InventoryEventKind::added:
      return event.instance ? event.instance->name : "";
    case InventoryEventKind::state: {
      auto text = fmt::format("{} -> {}", to_string(event.from), to_string(event.to));
      if (!event.raw_from.empty() || !event.raw_to.empty()) text += fmt::format(" ({} -> {})", event.raw_from, event.raw_to);
      return text;
    }
    case InventoryEventKind::changed: {
      std::string fields;
      for (auto const& change : event.changes) fields += (fields.empty() ? "" : ", ") + change.field;
      return fields;
    }
    case InventoryEventKind::provider_unavailable:
      return event.error ? event.error->to_string() : "";
    default:
      return "";
  }
}

constexpr auto row_format = "{:<20}  {:<20}  {:<12}  {:<24}  {}\n";

}  // namespace

ExitCode run_watch(Session& session, WatchArgs const& args) {
  for (auto const& name : args.providers)
    if (auto found = session.fleet().provider(name); !found) return report(found.error());
  bool const table = session.global().output == OutputFormat::table;  // else ndjson (parse_arguments)
  if (table && !session.global().no_headers) print_out(row_format, "OBSERVED", "EVENT", "PROVIDER", "ID", "DETAIL");
  flush_out();

  auto stream = session.fleet().watch(watch_options(args));
  for (;;) {
    auto batch = session.run(stream->next());  // Ctrl-C: throws Interrupted once the poll is cancelled
    if (!batch) return report(batch.error());
    if (!*batch) return ExitCode::ok;  // no deadline is set, so only a finished stream ends here
    for (auto const& event : **batch) {
      if (table) {
        print_out(row_format, format_rfc3339(event.observed_at), to_string(event.kind), visible_controls(event.provider),
                  visible_controls(event.id), visible_controls(detail(event)));
      } else {
        write_out(escape_hidden_in_json(boost::json::serialize(to_json(event))) + "\n");
      }
    }
    if (!flush_out()) return ExitCode::ok;  // stdout failed (a closed pipe): finish_output reports it, exit 6
  }
}

}  // namespace polycloud::cli
