#include "commands/create_target.hpp"

#include "commands/exit_code.hpp"
#include "output/streams.hpp"
#include "output/visible_text.hpp"

#include <polycloud/placement.hpp>

#include <algorithm>

namespace polycloud::cli {

namespace {

/// One of the spec's size, image and region, with the provider's alias of it, if any.
struct Field {
  CatalogPart part;
  std::string const& text;
  std::string const* alias_target;  ///< null: no alias
};

std::vector<Field> fields_of(CreateSpec const& spec, Aliases const& aliases) {
  auto field = [](CatalogPart part, std::string const& text, std::map<std::string, std::string> const& table) {
    auto const alias = table.find(text);
    return Field{part, text, alias == table.end() ? nullptr : &alias->second};
  };
  return {field(CatalogPart::size, spec.size, aliases.size), field(CatalogPart::image, spec.image, aliases.image),
          field(CatalogPart::region, spec.region, aliases.region)};
}

/// Whether resolving `spec` on a provider with `aliases` needs its catalog: a selector does, and so does
/// a name without an alias (list and get show names, only the catalog maps one to the provider's id)
/// unless `names_as_given` (a dry run, which reads a catalog only when a selector or --explain asks).
bool needs_catalog(CreateSpec const& spec, Aliases const& aliases, bool names_as_given) {
  for (auto const& field : fields_of(spec, aliases)) {
    if (field.text.empty()) continue;
    auto const& target = field.alias_target ? *field.alias_target : field.text;
    if (is_selector(field.part, target) || (!field.alias_target && !names_as_given)) return true;
  }
  return false;
}

/// A selector mistake is found before any catalog is read: bad input sends nothing.
CliResult<void> check_selectors(CreateSpec const& spec, ProviderConfig const& provider) {
  for (auto const& field : fields_of(spec, provider.aliases)) {
    auto const& target = field.alias_target ? *field.alias_target : field.text;
    if (!is_selector(field.part, target)) continue;
    if (auto checked = check_selector(field.part, target); !checked) {
      auto message = checked.error().message;
      if (field.alias_target) message = "alias `" + field.text + "` -> `" + target + "`: " + message;
      return usage_error(std::move(message), provider.name, "create");
    }
  }
  return {};
}

/// Explanations quote catalog entries, which come from the provider: shown, never acted on.
void print_explanation(std::string const& text) {
  std::string_view rest = text;
  while (!rest.empty()) {
    auto const end = std::min(rest.find('\n'), rest.size());
    print_err("{}\n", visible_controls(rest.substr(0, end)));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
}

/// A selector mistake or a spec nothing can serve: nothing was sent, so it is a usage error (exit 2),
/// printed over several lines (the caret, the nearest candidates).
Failure as_usage(Error error) {
  if (error.kind != ErrorKind::config && error.kind != ErrorKind::not_supported) return error;
  return usage_error(std::move(error.message), std::move(error.provider), "create");
}

/// Catalogs come through the session's on-disk cache (fresh within each provider's catalog_ttl_s, or
/// listed again under --refresh), so resolving again within the TTL sends no catalog request.
PlacementOptions placement_options(Session& session, std::vector<std::string> providers, Clock::time_point deadline) {
  PlacementOptions options;
  options.providers = std::move(providers);
  options.catalog.call.deadline = deadline;
  options.catalogs = [&session, deadline](Provider& provider) {
    auto cache_options = session.catalog_options(provider.name());
    cache_options.listing.call.deadline = deadline;
    return session.catalog_cache().catalog(provider, std::move(cache_options));
  };
  return options;
}

}  // namespace

std::vector<std::string> create_provider_names(Config const& config, std::string const& provider_argument) {
  if (config.find(provider_argument) != nullptr) return {provider_argument};
  std::vector<std::string> names;
  if (provider_argument == "any") {
    for (auto const& provider : config.providers) names.push_back(provider.name);
    // An unusable block is placed too: its verdict says what is wrong with it, instead of its silence.
    for (auto const& unusable : config.unusable) names.push_back(unusable.name);
    return names;
  }
  std::string_view rest = provider_argument;
  while (!rest.empty()) {
    auto const comma = std::min(rest.find(','), rest.size());
    if (comma > 0 && std::find(names.begin(), names.end(), rest.substr(0, comma)) == names.end())
      names.emplace_back(rest.substr(0, comma));
    rest.remove_prefix(std::min(comma + 1, rest.size()));
  }
  return names;
}

CliResult<CreateTarget> choose_create_target(Session& session, CreateArgs const& args, CreateSpec spec,
                                          Clock::time_point deadline) {
  // One unusable provider named: its config error, as any operation on it gives.
  if (auto const* unusable = session.config().find_unusable(args.provider)) return unusable->failure_of("create");
  auto const names = create_provider_names(session.config(), args.provider);
  if (names.empty()) return usage_error("create needs a provider: a configured name, `any` or a list", {}, "create");
  bool const explain_all = args.explain || session.global().dry_run;
  for (auto const& name : names)
    if (auto const* config = session.config().find(name))
      if (auto checked = check_selectors(spec, *config); !checked) return checked.error();

  // One configured name resolves there; `any` or a list (even of one) is a placement.
  if (auto const* config = session.config().find(args.provider)) {
    if (!args.explain && !needs_catalog(spec, config->aliases, session.global().dry_run))
      return CreateTarget{names.front(), std::move(spec)};
    auto resolution =
        session.run(session.catalog_fleet().resolve(names.front(), spec, placement_options(session, {}, deadline)));
    if (!resolution) return resolution.error();
    if (explain_all) print_explanation(explain(*resolution));
    if (!resolution->ok()) return as_usage(*resolution->error);
    return CreateTarget{names.front(), std::move(resolution->spec)};
  }

  auto placement = session.run(session.catalog_fleet().place(spec, placement_options(session, names, deadline)));
  if (!placement) return placement.error();
  // The provider chosen and why the others were not, always; each one's own candidates with --explain.
  print_explanation(explain_all ? explain(*placement) : explain_providers(*placement));
  if (!placement->ok()) return as_usage(*placement->error);
  auto const& chosen = placement->chosen_resolution();
  return CreateTarget{chosen.provider, chosen.spec};
}

}  // namespace polycloud::cli
