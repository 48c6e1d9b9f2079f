#pragma once
// Resolution and placement (issue 18): turning a portable CreateSpec into one provider's exact ids,
// and choosing among several providers the one that serves it most cheaply. Pure, like the selectors
// (polycloud/selector.hpp): the catalogs are fetched beforehand (Provider::sizes/images/regions, or
// a cache), so a whole fleet of specs resolves in one pass and the same catalogs give the same choice.

#include <polycloud/capabilities.hpp>
#include <polycloud/catalog.hpp>
#include <polycloud/config.hpp>
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>
#include <polycloud/selector.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace polycloud {

/// What one provider offers: its catalog (shared, not copied, across the specs of a fleet), what it
/// can do, and its configured aliases.
struct Offer {
  Offer() {}
  std::string provider;  ///< configured name ("kat")
  Capabilities capabilities;
  std::shared_ptr<Catalog const> catalog;  ///< null: the provider lists nothing (every text passes on as given)
  Aliases aliases;
  /// Why the provider's catalog could not be had (its listing failed): it then serves nothing, and this
  /// is its Resolution's error. Empty: the catalog above is all there is.
  std::optional<Error> unavailable;
};

/// One spec on one provider: the spec with exact ids, or why this provider cannot serve it.
struct Resolution {
  std::string provider;
  /// The spec as the provider's create takes it: size, image and region replaced by the chosen ids
  /// (an empty region stays empty). Meaningful when ok().
  CreateSpec spec;
  Choice size, image, region;  ///< with every candidate's reason, also when it failed
  /// The chosen size when it came from the catalog (not for By::unlisted or an alias target not listed).
  std::optional<Size> chosen_size;
  /// Create features the spec uses that the provider lacks ("ssh_keys", "user_data", "tags",
  /// "extra_disks"), by Capabilities::create_*; or "create" when it cannot create at all.
  std::vector<std::string> missing_features;
  /// Why the provider cannot serve the spec (the first choice that failed, or the missing features):
  /// ErrorKind::config for a selector mistake or no match, not_supported for a missing feature.
  std::optional<Error> error;

  bool ok() const noexcept { return !error; }
};

/// Resolves `spec` on one provider: image first (its minimum disk constrains the size), the regions
/// matching the spec's region, the size (offered in one of them), then the first of those regions
/// offering the chosen size. Features are checked only when `check_features` (placement does; a
/// single named provider's adapter refuses what it lacks itself, with its own words).
Resolution resolve(CreateSpec const& spec, Offer const& offer, bool check_features = false);

/// The choice among providers: one Resolution per offer (in the offers' order) and one Verdict per
/// provider (id = provider name): the chosen first, then the others that could serve it in rank order
/// ("dearer: …"), then those that could not, each with why.
struct Placement {
  std::vector<Resolution> resolutions;
  std::vector<Verdict> verdicts;
  std::optional<std::size_t> chosen;  ///< index into resolutions; empty when none can serve the spec
  /// When none can serve it: ErrorKind::config naming each provider and why (not_supported when every
  /// provider only lacks a feature). Also ErrorKind::config, none chosen, when those that can serve it
  /// price their sizes in different currencies (nothing is converted). Empty when a provider was chosen.
  std::optional<Error> error;

  bool ok() const noexcept { return chosen.has_value(); }
  Resolution const& chosen_resolution() const { return resolutions.at(chosen.value()); }
};

/// Places one spec among `offers`: of the providers that can serve it (every selector matches and every
/// create feature it uses is supported), the one whose chosen size ranks first by size_ranks_before,
/// ties going to the provider name. Offer order does not matter. Prices are compared as written: when
/// those providers' prices name two or more currencies (case aside), none is chosen (Placement::error);
/// a price naming no currency is compared with any.
Placement place(CreateSpec const& spec, std::span<Offer const> offers);

/// A fleet of specs in one pass over the same offers (the catalogs are shared, nothing is fetched):
/// one Placement per spec, in order. To restrict a spec to some providers, pass those offers only.
std::vector<Placement> place_all(std::span<CreateSpec const> specs, std::span<Offer const> offers);

/// The explain text of a resolution or placement, as `--explain` prints it: one line per candidate,
/// "  chosen    size rock-3 (Rock-3): the cheapest match: …". Deterministic, for byte-for-byte comparison.
std::string explain(Resolution const& resolution);
std::string explain(Placement const& placement);
/// Only the providers' verdicts of a placement: the first block of explain(placement).
std::string explain_providers(Placement const& placement);

}  // namespace polycloud
