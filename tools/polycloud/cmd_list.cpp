// `polycloud list`: every selected provider concurrently; each failure is reported on its own line
// and the others' instances are still printed.
#include "commands.hpp"
#include "key_value.hpp"
#include "list_in_order.hpp"
#include "output.hpp"

#include <algorithm>

namespace polycloud::cli {

namespace {
FleetListOptions list_options(ListArgs const& args) {
  FleetListOptions options;
  options.providers = args.providers;
  if (args.state) options.list.filter.state = parse_state(*args.state);
  options.list.filter.name_glob = args.name_glob;
  options.list.filter.tags = key_value_map(args.tags);
  options.list.detail = !args.fast;
  return options;
}

/// The providers listed, each once, in selection order (--provider order, else config order).
std::vector<std::string> selected_names(Session& session, std::vector<std::string> const& asked) {
  if (asked.empty()) return session.fleet().provider_names();
  std::vector<std::string> names;
  for (auto const& name : asked)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}
}  // namespace

ExitCode combined_exit_code(std::size_t failed, std::size_t total, ErrorKind first_failure) noexcept {
  if (failed == 0) return ExitCode::ok;
  if (failed < total) return ExitCode::partial;
  return exit_code_for(first_failure);
}

ExitCode run_list(Session& session, ListArgs const& args) {
  auto const& global = session.global();
  if (auto fields = check_fields(global.fields, instance_layout()); !fields) return report(fields.error());
  for (auto const& name : args.providers)
    if (auto found = session.fleet().provider(name); !found) return report(found.error());

  auto options = list_options(args);
  options.list.raw = wants_raw(global, args.raw);
  RecordPrinter printer(global, instance_layout(), false, options.list.raw);
  std::vector<Error> failures;
  std::size_t total = 0;
  auto const names = selected_names(session, args.providers);
  if (global.output != OutputFormat::table) {
    std::vector<ProviderListSummary> summaries;
    if (global.output == OutputFormat::ndjson || names.size() < 2) {
      // Streamed: each page is written as it arrives (ndjson: in any provider order), memory one page.
      summaries = session.run(session.fleet().list(options, [&](std::string const&, auto& page) {
        for (auto const& instance : page) printer.add(instance_record(instance, options.list.raw));
        printer.flush();
      }));
    } else {
      // json and csv: streamed too, but in selection order, whoever answers first.
      summaries = session.run(list_in_order(session.fleet(), options, names, printer));
    }
    total = summaries.size();
    for (auto const& summary : summaries)
      if (!summary.delivered) failures.push_back(summary.delivered.error());
  } else {
    // The table measures its columns before printing anything: collect, then print in selection order.
    // A failed provider's rows delivered before the failure are printed too (ProviderListing::partial),
    // as the streamed formats print them: nothing is dropped silently.
    auto listings = session.run(session.fleet().list_all(options));  // a Record borrows from its Instance
    total = listings.size();
    for (auto const& listing : listings) {
      auto const& instances = listing.instances ? *listing.instances : listing.partial;
      for (auto const& instance : instances) printer.add(instance_record(instance, options.list.raw));
      if (!listing.instances) failures.push_back(listing.instances.error());
    }
  }
  printer.finish();
  for (auto const& failure : failures) report(failure);
  return combined_exit_code(failures.size(), total,
                            failures.empty() ? ErrorKind::unknown_outcome : failures.front().kind);
}

}  // namespace polycloud::cli
