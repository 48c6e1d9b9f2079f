// Choosing one catalog entry: aliases, exact ids and names first, then a selector and the documented
// order; every candidate keeps its verdict, and a failure names the three nearest candidates.
#include "core/selector_match.hpp"
#include "core/suggest.hpp"

#include <polycloud/selector.hpp>

#include <algorithm>
#include <cctype>
#include <functional>

namespace polycloud {

namespace {

using selection::Assessment;

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

template <class Item>
Verdict verdict(Item const& item, Verdict::Outcome outcome, std::string reason) {
  return Verdict{item.id, item.name == item.id ? std::string() : item.name, outcome, std::move(reason)};
}

template <class Item>
std::string label(Item const& item) {
  return item.name.empty() || item.name == item.id ? item.id : item.id + " (" + item.name + ")";
}

std::string plural(CatalogPart part, std::size_t count) {
  return std::to_string(count) + " " + std::string(to_string(part)) + (count == 1 ? "" : "s");
}

/// "no size matches `cpu>=64` among 4 sizes; the nearest:\n  rock-3 (Rock-3): needs cpu>=64, has 1 vCPU".
template <class Item>
Error no_match(std::string head, std::vector<Item> const& items, std::vector<std::size_t> nearest,
               std::vector<std::string> const& reasons) {
  if (nearest.size() > 3) nearest.resize(3);
  head += "; the nearest:";
  for (auto index : nearest) head += "\n  " + label(items[index]) + ": " + reasons[index];
  return make_error(ErrorKind::config, std::move(head));
}

/// What the three choose_* functions differ in.
template <class Item, class Selector>
struct Part {
  CatalogPart part;
  Result<Selector> (*parse)(std::string_view);
  /// Reasons the context (region, image, size) rules an entry out, beyond its selector.
  std::function<std::vector<std::string>(Item const&)> context_failures;
};

template <class Item, class Selector>
Choice choose(Part<Item, Selector> const& part, std::string_view text, std::vector<Item> const& items,
              AliasTable const& aliases) {
  Choice choice;
  choice.part = part.part;
  choice.text = std::string(text);
  if (text.empty()) return choice;

  std::string target(text);
  std::string how;  // the prefix of every reason when an alias led here
  if (auto alias = aliases.find(choice.text); alias != aliases.end()) {
    target = alias->second;
    how = "alias `" + choice.text + "` -> `" + target + "`: ";
    choice.by = Choice::By::alias;
  }
  auto const selector_text = is_selector(part.part, target);
  auto const kind = std::string(to_string(part.part));
  auto const set_by = [&](Choice::By by) {
    if (choice.by != Choice::By::alias) choice.by = by;
  };

  if (items.empty()) {
    if (selector_text) {
      choice.error = make_error(ErrorKind::config, "the " + kind + " selector `" + target + "` needs the provider's " +
                                                       kind + "s, and it lists none");
      return choice;
    }
    set_by(Choice::By::unlisted);
    choice.id = target;
    return choice;
  }

  // Exact: the id, else the name, else the one id or name equal ignoring case; ties by rank.
  auto const ranked = [&](std::vector<std::size_t> found) {
    std::stable_sort(found.begin(), found.end(),
                     [&](auto a, auto b) { return selection::ranks_before(items[a], items[b]); });
    return found;
  };
  auto const all_where = [&](auto predicate) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (predicate(items[i])) found.push_back(i);
    return ranked(std::move(found));
  };
  std::vector<std::size_t> exact = all_where([&](Item const& item) { return item.id == target; });
  auto by = Choice::By::id;
  std::string found_by = "its id is `" + target + "`";
  if (exact.empty()) {
    by = Choice::By::name;
    found_by = "its name is `" + target + "`";
    exact = all_where([&](Item const& item) { return item.name == target; });
  }
  if (exact.empty()) {
    found_by = "its id or name is `" + target + "` ignoring case";
    exact = all_where([&](Item const& item) {
      return equal_ignoring_case(item.id, target) || equal_ignoring_case(item.name, target);
    });
  }
  if (!exact.empty()) {
    auto const& item = items[exact.front()];
    if (auto failures = part.context_failures(item); !failures.empty()) {
      std::string reason;
      for (auto const& failure : failures) reason += (reason.empty() ? "" : "; ") + failure;
      choice.candidates.push_back(verdict(item, Verdict::Outcome::rejected, how + reason));
      choice.error = make_error(ErrorKind::config, kind + " " + label(item) + " cannot be used here: " + reason);
      return choice;
    }
    set_by(by);
    choice.id = item.id;
    choice.candidates.push_back(
        verdict(item, Verdict::Outcome::chosen, how + found_by));
    for (std::size_t i = 0; i < items.size(); ++i)
      if (i != exact.front())
        choice.candidates.push_back(verdict(items[i], Verdict::Outcome::rejected, how + "not `" + target + "`"));
    return choice;
  }

  if (!selector_text) {
    if (choice.by == Choice::By::alias) {
      // The user's own mapping: an id the listing does not show (a private image) still goes through.
      choice.id = target;
      choice.candidates.push_back({target, {}, Verdict::Outcome::chosen, how + "not listed: passed to the provider as given"});
      return choice;
    }
    if (std::none_of(items.begin(), items.end(), [](Item const& item) { return item.source == CatalogSource::api; })) {
      // Known only from the config and the account's VMs (OpenScaler has no catalog route): the
      // provider may well have it, so the name goes through as before there was a catalog.
      choice.by = Choice::By::unlisted;
      choice.id = target;
      choice.candidates.push_back({target, {}, Verdict::Outcome::chosen,
                                   "not among the " + plural(part.part, items.size()) +
                                       " known from the config and the account's VMs: passed to the provider as given"});
      return choice;
    }
    std::vector<std::size_t> distance(items.size());
    std::vector<std::string> reasons(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      distance[i] = std::min(edit_distance(target, items[i].id), edit_distance(target, items[i].name));
      reasons[i] = "not `" + target + "` (" + std::to_string(distance[i]) + (distance[i] == 1 ? " edit" : " edits") + " away)";
      choice.candidates.push_back(verdict(items[i], Verdict::Outcome::rejected, reasons[i]));
    }
    auto order = all_where([](Item const&) { return true; });
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return distance[a] < distance[b]; });
    choice.error = no_match("no " + kind + " is named `" + target + "` among " + plural(part.part, items.size()), items,
                            std::move(order), reasons);
    return choice;
  }

  auto selector = part.parse(target);
  if (!selector) {
    choice.error = selector.error();
    if (!how.empty()) choice.error->message = how + choice.error->message;
    return choice;
  }
  std::vector<Assessment> assessments;
  assessments.reserve(items.size());
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto assessment = selection::assess(items[i], *selector);
    for (auto& failure : part.context_failures(items[i])) {
      assessment.failures.push_back(std::move(failure));
      assessment.distance += 1.0;
    }
    if (assessment.ok()) matches.push_back(i);
    assessments.push_back(std::move(assessment));
  }
  matches = ranked(std::move(matches));
  std::vector<std::string> reasons(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    for (auto const& failure : assessments[i].failures) reasons[i] += (reasons[i].empty() ? "" : "; ") + failure;

  if (matches.empty()) {
    for (std::size_t i = 0; i < items.size(); ++i)
      choice.candidates.push_back(verdict(items[i], Verdict::Outcome::rejected, how + reasons[i]));
    auto order = all_where([](Item const&) { return true; });
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
      auto const &x = assessments[a], &y = assessments[b];
      return std::pair(x.failures.size(), x.distance) < std::pair(y.failures.size(), y.distance);
    });
    choice.error = no_match("no " + kind + " matches `" + target + "` among " + plural(part.part, items.size()), items,
                            std::move(order), reasons);
    return choice;
  }

  set_by(Choice::By::selector);
  auto const& best = items[matches.front()];
  choice.id = best.id;
  choice.candidates.push_back(verdict(best, Verdict::Outcome::chosen, how + "the best match: " + selection::describe(best)));
  for (auto it = matches.begin() + 1; it != matches.end(); ++it)
    choice.candidates.push_back(
        verdict(items[*it], Verdict::Outcome::outranked, how + "matches, but " + selection::why_after(items[*it], best, best.id)));
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!assessments[i].ok()) choice.candidates.push_back(verdict(items[i], Verdict::Outcome::rejected, how + reasons[i]));
  return choice;
}

bool contains(std::vector<std::string> const& list, std::string const& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string joined(std::vector<std::string> const& list) {
  std::string text;
  for (auto const& one : list) text += (text.empty() ? "" : ", ") + one;
  return text;
}

}  // namespace

Choice choose_size(std::string_view text, std::vector<Size> const& sizes, AliasTable const& aliases,
                   SizeContext const& context) {
  Part<Size, SizeSelector> part{CatalogPart::size, parse_size_selector, [&](Size const& size) {
                                  std::vector<std::string> failures;
                                  if (!context.regions.empty() && !size.regions.empty() &&
                                      std::none_of(context.regions.begin(), context.regions.end(),
                                                   [&](auto const& region) { return contains(size.regions, region); }))
                                    failures.push_back("not offered in " + joined(context.regions) + " (only in " +
                                                       joined(size.regions) + ")");
                                  if (context.min_disk_gb && size.disk_gb && *size.disk_gb < *context.min_disk_gb)
                                    failures.push_back("its " + std::to_string(*size.disk_gb) +
                                                       " GB disk is below the image's minimum of " +
                                                       std::to_string(*context.min_disk_gb) + " GB");
                                  return failures;
                                }};
  return choose(part, text, sizes, aliases);
}

Choice choose_image(std::string_view text, std::vector<Image> const& images, AliasTable const& aliases) {
  Part<Image, ImageSelector> part{CatalogPart::image, parse_image_selector,
                                  [](Image const&) { return std::vector<std::string>(); }};
  return choose(part, text, images, aliases);
}

Choice choose_region(std::string_view text, std::vector<Region> const& regions, AliasTable const& aliases,
                     RegionContext const& context) {
  Part<Region, RegionSelector> part{CatalogPart::region, parse_region_selector, [&](Region const& region) {
                                      std::vector<std::string> failures;
                                      if (!context.size_regions.empty() && !contains(context.size_regions, region.id))
                                        failures.push_back("does not offer size " + context.size_id);
                                      return failures;
                                    }};
  return choose(part, text, regions, aliases);
}

bool size_ranks_before(Size const& a, Size const& b) noexcept { return selection::ranks_before(a, b); }

std::string_view to_string(Verdict::Outcome outcome) noexcept {
  switch (outcome) {
    case Verdict::Outcome::chosen: return "chosen";
    case Verdict::Outcome::outranked: return "outranked";
    case Verdict::Outcome::rejected: return "rejected";
  }
  return "unknown";
}

std::string_view to_string(Choice::By by) noexcept {
  switch (by) {
    case Choice::By::none: return "none";
    case Choice::By::alias: return "alias";
    case Choice::By::id: return "id";
    case Choice::By::name: return "name";
    case Choice::By::selector: return "selector";
    case Choice::By::unlisted: return "unlisted";
  }
  return "unknown";
}

}  // namespace polycloud
