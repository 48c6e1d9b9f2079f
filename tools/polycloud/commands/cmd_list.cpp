// `polycloud list`: every selected provider concurrently; each failure is reported on its own line
// and the others' instances are still printed.
#include "commands/commands.hpp"
#include "output/filter_expr.hpp"
#include "commands/list_filters.hpp"
#include "commands/list_in_order.hpp"
#include "output/output.hpp"
#include "output/sort_keys.hpp"

#include <algorithm>
#include <map>

namespace polycloud::cli {

namespace {
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

  std::optional<Filter> filter;
  if (!args.filter.empty()) {
    auto parsed = Filter::parse(args.filter, instance_layout().keys);
    if (!parsed) return report(parsed.error());
    filter = std::move(*parsed);
  }
  auto const sort = parse_sort_keys(args.sort_by, instance_layout().keys);
  if (!sort) return report(sort.error());
  std::size_t printed = 0;
  auto const wanted = [&](Record const& record) {
    return (!filter || filter->matches(record)) && (args.limit == 0 || printed < args.limit);
  };

  auto const limit_reached = [&](std::size_t count) { return args.limit > 0 && count >= args.limit; };

  auto options = fleet_list_options(args);
  options.list.raw = wants_raw(global, args.raw);
  RecordPrinter printer(global, instance_layout(), false, options.list.raw);
  std::vector<Error> failures;
  std::size_t total = 0;
  auto const names = selected_names(session, args.providers);
  bool const any_order = global.output == OutputFormat::ndjson || names.size() < 2;
  bool const shaped = filter || args.limit > 0;
  // --sort-by needs every record; the in-order writer prints records as it formats them, so a filtered
  // json or csv over several providers is collected as well.
  if (global.output != OutputFormat::table && sort->empty() && (any_order || !shaped)) {
    std::vector<ProviderListSummary> summaries;
    if (any_order) {
      // Streamed: each page is written as it arrives (ndjson: in any provider order), memory one page.
      // --limit stops the listing itself once enough records were printed, not only the printing.
      // Without --filter no record is made here: the printer writes the VM's JSON straight from it.
      Record record;  // one for every VM: its room is reused
      summaries = session.run(session.fleet().list_until(options, [&](std::string const&, auto& page) {
        for (auto const& instance : page) {
          if (filter) {
            fill_instance_record(record, instance, options.list.raw);
            if (!wanted(record)) continue;
            ++printed;
            printer.add(record);
          } else if (!limit_reached(printed)) {
            ++printed;
            printer.add(instance, options.list.raw);
          }
        }
        printer.flush();
        return limit_reached(printed) ? ListFlow::stop : ListFlow::more;
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
    // With --limit and no --sort-by, the first records in selection order are known once the first
    // provider has delivered that many matches: the listing (every provider's) stops there.
    std::map<std::string, std::vector<Instance>> collected;  // a Record borrows from its Instance
    std::size_t first_matches = 0;
    auto const summaries = session.run(session.fleet().list_until(options, [&](std::string const& provider, auto& page) {
      auto& into = collected[provider];
      for (auto& instance : page) {
        if (provider == names.front() && (!filter || filter->matches(instance_record(instance, options.list.raw))))
          ++first_matches;
        into.push_back(std::move(instance));
      }
      return sort->empty() && limit_reached(first_matches) ? ListFlow::stop : ListFlow::more;
    }));
    std::vector<ProviderListing> listings;
    for (auto const& summary : summaries) {
      auto& instances = collected[summary.provider];
      if (summary.delivered)
        listings.push_back({summary.provider, std::move(instances)});
      else
        listings.push_back({summary.provider, summary.delivered.error(), std::move(instances)});
    }
    total = listings.size();
    // Only --sort-by holds every Record at once (about 1 KiB each): unsorted, each goes to the printer
    // (which keeps its cells) as it is made, so a 100,000-VM table holds the Instances and the cells, not
    // a third copy.
    std::vector<Record> records;
    for (auto const& listing : listings) {
      auto const& instances = listing.instances ? *listing.instances : listing.partial;
      for (auto const& instance : instances) {
        auto record = instance_record(instance, options.list.raw);
        if (!wanted(record)) continue;
        if (sort->empty()) {
          ++printed;
          printer.add(record);
        } else {
          records.push_back(std::move(record));
        }
      }
      if (!listing.instances) failures.push_back(listing.instances.error());
    }
    std::stable_sort(records.begin(), records.end(),
                     [&](Record const& a, Record const& b) { return sorts_before(a, b, *sort); });
    if (args.limit > 0 && records.size() > args.limit) records.resize(args.limit);
    for (auto const& record : records) printer.add(record);
  }
  printer.finish(total > 0 && failures.size() == total);
  for (auto const& failure : failures) report(failure);
  return combined_exit_code(failures.size(), total,
                            failures.empty() ? ErrorKind::unknown_outcome : failures.front().kind);
}

}  // namespace polycloud::cli
