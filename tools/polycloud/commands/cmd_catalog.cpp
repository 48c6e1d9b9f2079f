// `polycloud catalog sizes|images|regions [--match SELECTOR]`: one catalog part of every selected
// provider, listed concurrently as `list` lists instances; each provider's failure is reported on its own line and the
// others' entries are still printed. ndjson (and any format over one provider) streams each batch as
// it arrives, so a 10,000-image catalog is never held; json, csv and value over several providers keep
// selection order, and table measures its columns: those collect first.
#include "commands/commands.hpp"
#include "core/selector_match.hpp"
#include "output/catalog_records.hpp"
#include "output/output.hpp"

#include <polycloud/selector.hpp>

#include <algorithm>
#include <functional>
#include <map>

namespace polycloud::cli {

namespace {

/// Which entries --match keeps: every entry without it; with it, those the parsed selector accepts
/// (the selector's own assessment, as create's choice uses). A selector mistake is a usage error (exit
/// 2) before anything is sent, printed as create prints one: the caret on a line of its own.
template <class Item>
using Keep = std::function<bool(Item const&)>;

template <class Item, class Parse>
CliResult<Keep<Item>> keep_matching(std::optional<std::string> const& text, Parse parse) {
  if (!text) return Keep<Item>([](Item const&) { return true; });
  auto selector = parse(*text);
  if (!selector) return usage_error(std::move(selector.error().message), {}, "catalog");
  return Keep<Item>([selector = std::move(*selector)](Item const& item) { return selection::assess(item, selector).ok(); });
}

template <class Item>
ExitCode print_part(Session& session, CatalogArgs const& args, RecordLayout const& layout, Keep<Item> const& keep) {
  auto const& global = session.global();
  FleetCatalogOptions options;
  options.providers = args.providers;
  RecordPrinter printer(global, layout);
  bool const streamed = global.output == OutputFormat::ndjson ||
                        (global.output != OutputFormat::table && options.providers.size() == 1);
  std::map<std::string, std::vector<Item>> collected;
  auto summaries = session.run(session.fleet().list_catalog<Item>(
      options, [&](std::string const& provider, std::vector<Item>& batch) {
        std::erase_if(batch, [&](Item const& item) { return !keep(item); });
        if (!streamed) {
          std::move(batch.begin(), batch.end(), std::back_inserter(collected[provider]));
          return;
        }
        for (auto const& item : batch) printer.add(catalog_record(provider, item));
        printer.flush();
      }));
  std::vector<Error> failures;
  for (auto const& summary : summaries) {
    // In selection order; a failed provider's entries delivered before its failure are printed too.
    for (auto const& item : collected[summary.provider]) printer.add(catalog_record(summary.provider, item));
    if (!summary.delivered) failures.push_back(summary.delivered.error());
  }
  printer.finish(!summaries.empty() && failures.size() == summaries.size());
  for (auto const& failure : failures) report(failure);
  return combined_exit_code(failures.size(), summaries.size(),
                            failures.empty() ? ErrorKind::unknown_outcome : failures.front().kind);
}

}  // namespace

ExitCode run_catalog(Session& session, CatalogArgs const& args) {
  auto const& layout = args.part == CatalogArgs::Part::sizes    ? size_layout()
                       : args.part == CatalogArgs::Part::images ? image_layout()
                                                                : region_layout();
  if (auto fields = check_fields(session.global().fields, layout); !fields) return report(fields.error());
  for (auto const& name : args.providers)
    if (auto found = session.fleet().provider(name); !found) return report(found.error());
  switch (args.part) {
    case CatalogArgs::Part::sizes: {
      auto keep = keep_matching<Size>(args.match, parse_size_selector);
      return keep ? print_part<Size>(session, args, layout, *keep) : report(keep.error());
    }
    case CatalogArgs::Part::images: {
      auto keep = keep_matching<Image>(args.match, parse_image_selector);
      return keep ? print_part<Image>(session, args, layout, *keep) : report(keep.error());
    }
    case CatalogArgs::Part::regions: {
      auto keep = keep_matching<Region>(args.match, parse_region_selector);
      return keep ? print_part<Region>(session, args, layout, *keep) : report(keep.error());
    }
  }
  return ExitCode::ok;
}

}  // namespace polycloud::cli
