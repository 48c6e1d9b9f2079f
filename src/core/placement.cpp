// One spec on one provider (resolve), and the cheapest of several (place): pure functions over
// catalogs fetched beforehand, so a fleet of specs resolves in one pass and reproducibly.
#include "core/selector_match.hpp"

#include <polycloud/placement.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>

namespace polycloud {

namespace {

std::vector<std::string> missing_features(CreateSpec const& spec, Capabilities const& capabilities) {
  std::vector<std::string> missing;
  if (!capabilities.create) missing.emplace_back("create");
  if (!spec.ssh_public_keys.empty() && !capabilities.create_ssh_keys) missing.emplace_back("ssh_keys");
  if (!spec.user_data.empty() && !capabilities.create_user_data) missing.emplace_back("user_data");
  if (!spec.tags.empty() && !capabilities.create_tags) missing.emplace_back("tags");
  if (!spec.extra_disks_gb.empty() && !capabilities.create_extra_disks) missing.emplace_back("extra_disks");
  return missing;
}

template <class Item>
Item const* find_by_id(std::vector<Item> const& items, std::string const& id) {
  auto found = std::find_if(items.begin(), items.end(), [&](Item const& item) { return item.id == id; });
  return found == items.end() ? nullptr : &*found;
}

/// The region ids a region choice allows: every match of a selector, or the one named.
std::vector<std::string> allowed_regions(Choice const& region) {
  std::vector<std::string> ids;
  if (!region.ok() || region.id.empty()) return ids;
  for (auto const& candidate : region.candidates)
    if (candidate.outcome != Verdict::Outcome::rejected) ids.push_back(candidate.id);
  if (ids.empty()) ids.push_back(region.id);
  return ids;
}

/// A resolution's error on one line, for its verdict: the lines after the first (the nearest candidates)
/// joined with "; ", so "…; the nearest:" is followed by them rather than cut before them.
std::string one_line(std::string const& text) {
  std::string joined;
  std::size_t start = 0;
  for (std::size_t line = 0; start <= text.size(); ++line) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto piece = std::string_view(text).substr(start, end - start);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    if (line > 0) joined += line == 1 ? " " : "; ";
    joined += piece;
    start = end + 1;
  }
  return joined;
}

/// Providers that can serve the spec rank by their chosen size (a listed size before one passed on
/// unlisted), then by name, so the order of the offers never matters.
bool serves_before(Resolution const& a, Resolution const& b) {
  if (a.chosen_size && b.chosen_size) {
    if (size_ranks_before(*a.chosen_size, *b.chosen_size)) return true;
    if (size_ranks_before(*b.chosen_size, *a.chosen_size)) return false;
  } else if (a.chosen_size.has_value() != b.chosen_size.has_value()) {
    return a.chosen_size.has_value();
  }
  return a.provider < b.provider;
}

std::string serving_size(Resolution const& resolution) {
  if (!resolution.chosen_size) return "size `" + resolution.spec.size + "` (not listed, so its price is unknown)";
  return "size " + resolution.chosen_size->id + " (" + selection::describe(*resolution.chosen_size) + ")";
}

std::string why_not_chosen(Resolution const& loser, Resolution const& winner) {
  auto const prefix = "can serve it with " + serving_size(loser) + ", but ";
  if (loser.chosen_size && winner.chosen_size)
    return prefix + selection::why_after(*loser.chosen_size, *winner.chosen_size,
                                         winner.provider + "'s " + winner.chosen_size->id);
  if (!loser.chosen_size) return prefix + "its size is not in its catalog, and " + winner.provider + "'s is";
  return prefix + "ties with " + winner.provider + ", which sorts first";
}

/// The currency of the chosen size's price, upper-cased; empty when there is no price or it names none.
std::string price_currency(Resolution const& resolution) {
  if (!resolution.ok() || !resolution.chosen_size || !resolution.chosen_size->hourly) return {};
  auto currency = resolution.chosen_size->hourly->currency;
  for (auto& c : currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return currency;
}

/// When the providers that can serve the spec price their sizes in two or more currencies, the message
/// saying which: placement compares amounts as written, and 0.02 USD against 0.019 EUR is no comparison.
/// Empty when every price names one currency or none (a price without one is compared as written).
std::string currencies_differ(std::vector<Resolution> const& all) {
  std::map<std::string, std::vector<std::string>> providers_by_currency;
  for (auto const& resolution : all)
    if (auto currency = price_currency(resolution); !currency.empty())
      providers_by_currency[currency].push_back(resolution.provider);
  if (providers_by_currency.size() < 2) return {};
  std::string list;
  for (auto& [currency, providers] : providers_by_currency) {
    std::sort(providers.begin(), providers.end());
    list += list.empty() ? "" : "; ";
    list += currency + " for ";
    for (std::size_t i = 0; i < providers.size(); ++i) list += (i == 0 ? "" : ", ") + providers[i];
  }
  return "the providers that can serve the spec price their sizes in different currencies (" + list +
         "), and placement does not convert between them: give every provider's prices in one currency (a "
         "`prices` block in each provider's config), or name the provider to create on";
}

}  // namespace

Resolution resolve(CreateSpec const& spec, Offer const& offer, bool check_features) {
  static Catalog const nothing_listed;
  auto const& catalog = offer.catalog ? *offer.catalog : nothing_listed;
  Resolution resolution;
  resolution.provider = offer.provider;
  resolution.spec = spec;
  if (check_features) resolution.missing_features = missing_features(spec, offer.capabilities);

  resolution.image = choose_image(spec.image, catalog.images, offer.aliases.image);
  auto const* image = resolution.image.ok() ? find_by_id(catalog.images, resolution.image.id) : nullptr;
  resolution.region = choose_region(spec.region, catalog.regions, offer.aliases.region);
  SizeContext size_context;
  size_context.regions = allowed_regions(resolution.region);
  if (image) size_context.min_disk_gb = image->min_disk_gb;
  resolution.size = choose_size(spec.size, catalog.sizes, offer.aliases.size, size_context);
  if (resolution.size.ok() && resolution.size.by != Choice::By::unlisted)
    if (auto const* size = find_by_id(catalog.sizes, resolution.size.id)) resolution.chosen_size = *size;

  // A selector matching several regions: the first of them (by id) that offers the chosen size.
  if (resolution.chosen_size && size_context.regions.size() > 1) {
    RegionContext region_context;
    region_context.size_id = resolution.chosen_size->id;
    region_context.size_regions = resolution.chosen_size->regions;
    resolution.region = choose_region(spec.region, catalog.regions, offer.aliases.region, region_context);
  }

  if (offer.unavailable) {
    resolution.error = *offer.unavailable;
  } else if (!resolution.missing_features.empty()) {
    std::string list;
    for (auto const& feature : resolution.missing_features) list += (list.empty() ? "" : ", ") + feature;
    resolution.error = make_error(ErrorKind::not_supported, "the spec uses " + list + ", which " + offer.provider +
                                                                " does not support");
  } else {
    for (auto const* choice : {&resolution.size, &resolution.image, &resolution.region})
      if (!choice->ok()) {
        resolution.error = *choice->error;
        break;
      }
  }
  if (resolution.error) {
    resolution.error->provider = offer.provider;
    resolution.error->operation = "create";
    return resolution;
  }
  resolution.spec.size = resolution.size.id;
  resolution.spec.image = resolution.image.id;
  resolution.spec.region = resolution.region.id;
  return resolution;
}

Placement place(CreateSpec const& spec, std::span<Offer const> offers) {
  Placement placement;
  for (auto const& offer : offers) placement.resolutions.push_back(resolve(spec, offer, true));
  auto const& all = placement.resolutions;

  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    if (all[a].ok() != all[b].ok()) return all[a].ok();
    if (!all[a].ok()) return all[a].provider < all[b].provider;
    return serves_before(all[a], all[b]);
  });

  auto const mixed_currencies = currencies_differ(all);
  if (!order.empty() && all[order.front()].ok() && mixed_currencies.empty()) placement.chosen = order.front();
  for (auto index : order) {
    auto const& resolution = all[index];
    Verdict verdict{resolution.provider, {}, Verdict::Outcome::rejected, {}};
    if (placement.chosen == index) {
      verdict.outcome = Verdict::Outcome::chosen;
      verdict.reason = "serves it best: " + serving_size(resolution);
    } else if (resolution.ok() && !mixed_currencies.empty()) {
      verdict.outcome = Verdict::Outcome::outranked;  // it can serve the spec; only the comparison failed
      verdict.reason = "can serve it with " + serving_size(resolution) + ", but its price cannot be compared with "
                       "the others' (different currencies)";
    } else if (resolution.ok()) {
      verdict.outcome = Verdict::Outcome::outranked;
      verdict.reason = why_not_chosen(resolution, placement.chosen_resolution());
    } else {
      verdict.reason = "cannot serve it: " + one_line(resolution.error->message);
    }
    placement.verdicts.push_back(std::move(verdict));
  }

  if (!placement.chosen && !mixed_currencies.empty()) {
    std::string message = mixed_currencies + ":";
    for (auto const& verdict : placement.verdicts) message += "\n  " + verdict.id + ": " + verdict.reason;
    placement.error = make_error(ErrorKind::config, std::move(message), {}, "create");
  } else if (!placement.chosen) {
    bool const only_features = !all.empty() && std::all_of(all.begin(), all.end(), [](Resolution const& r) {
      return r.error->kind == ErrorKind::not_supported;
    });
    std::string message = all.empty() ? "no provider to place the spec on" : "no provider can serve the spec:";
    for (auto const& verdict : placement.verdicts) message += "\n  " + verdict.id + ": " + verdict.reason;
    placement.error = make_error(only_features ? ErrorKind::not_supported : ErrorKind::config, std::move(message), {},
                                 "create");
  }
  return placement;
}

std::vector<Placement> place_all(std::span<CreateSpec const> specs, std::span<Offer const> offers) {
  std::vector<Placement> placements;
  placements.reserve(specs.size());
  for (auto const& spec : specs) placements.push_back(place(spec, offers));
  return placements;
}

}  // namespace polycloud
