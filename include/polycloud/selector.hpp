#pragma once
// Selectors (issue 18): choosing a size, an image and a region from a provider's Catalog by
// requirement ("cpu>=2,mem>=4GiB", "debian:12", "country=GB"), by exact id or name, or through a
// configured alias. Pure: no I/O, so the same catalog and text give the same choice, byte for byte,
// and every candidate keeps the reason it was chosen or not (what `--explain` prints).
// The grammar is documented in docs/provisioning.md; placement over several providers is in
// polycloud/placement.hpp.

#include <polycloud/catalog.hpp>
#include <polycloud/error.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

/// The catalog part a text picks from.
enum class CatalogPart { size, image, region };
std::string_view to_string(CatalogPart part) noexcept;  ///< "size", "image", "region"

enum class Comparison { less, less_equal, equal, greater_equal, greater };
std::string_view to_string(Comparison comparison) noexcept;  ///< "<", "<=", "=", ">=", ">"

/// One term of a size selector, in canonical units: cpu in vCPUs, mem in MiB, disk in GB, price per hour.
struct SizeRequirement {
  enum class Field { cpu, mem, disk, price };
  Field field = Field::cpu;
  Comparison comparison = Comparison::greater_equal;
  double value = 0;
  std::string text;  ///< the term as written ("mem>=4GiB"), for reasons
  friend bool operator==(SizeRequirement const&, SizeRequirement const&) = default;
};
struct SizeSelector {
  std::vector<SizeRequirement> terms;  ///< every one must hold
  friend bool operator==(SizeSelector const&, SizeSelector const&) = default;
};

/// One term of an image selector: `os=debian`, `version>=22.04`; `ubuntu:>=22.04` is both.
struct ImageRequirement {
  enum class Field { os, version };
  Field field = Field::os;
  Comparison comparison = Comparison::equal;
  std::string value;  ///< os lower-cased; a version as dotted numbers ("22.04")
  std::string text;   ///< the term as written
  friend bool operator==(ImageRequirement const&, ImageRequirement const&) = default;
};
struct ImageSelector {
  std::vector<ImageRequirement> terms;
  friend bool operator==(ImageSelector const&, ImageSelector const&) = default;
};

/// One term of a region selector: a glob over the region's id or name, or `country=GB`.
struct RegionRequirement {
  enum class Field { glob, country };
  Field field = Field::glob;
  std::string value;  ///< the glob, or the country upper-cased
  std::string text;
  friend bool operator==(RegionRequirement const&, RegionRequirement const&) = default;
};
struct RegionSelector {
  std::vector<RegionRequirement> terms;
  friend bool operator==(RegionSelector const&, RegionSelector const&) = default;
};

/// Parsers of the documented grammar. A mistake is ErrorKind::config whose message names the
/// mistake and its column and ends with two lines: the text, and a caret under that column.
Result<SizeSelector> parse_size_selector(std::string_view text);
Result<ImageSelector> parse_image_selector(std::string_view text);
Result<RegionSelector> parse_region_selector(std::string_view text);

/// The parse of `part`'s grammar without its result: the mistake, or nothing (a check before any I/O).
Result<void> check_selector(CatalogPart part, std::string_view text);

/// Whether `text` is meant as a selector rather than a name: it holds an operator (`<`, `>`, `=`, `,`),
/// `:` for images, a glob character (`*`, `?`) for regions. Exact names are tried first anyway.
bool is_selector(CatalogPart part, std::string_view text) noexcept;

/// One candidate's fate in a choice: what `--explain` prints, one line each.
struct Verdict {
  enum class Outcome { chosen, outranked, rejected };
  std::string id;    ///< the entry's id (a provider's configured name in a Placement)
  std::string name;  ///< the entry's name; empty when it equals the id
  Outcome outcome = Outcome::rejected;
  std::string reason;  ///< "the cheapest match: 0.01/h, 1 vCPU, 2 GiB, 20 GB", "needs cpu>=2, has 1 vCPU"
  friend bool operator==(Verdict const&, Verdict const&) = default;
};
std::string_view to_string(Verdict::Outcome outcome) noexcept;  ///< "chosen", "outranked", "rejected"

/// The outcome of choosing one catalog part: the id the provider's create takes, how it was found,
/// and every candidate with its reason (chosen first, then the other matches in rank order, then the
/// rejected in catalog order), also when nothing matched.
struct Choice {
  enum class By {
    none,      ///< nothing asked (an empty text): the provider's default applies
    alias,     ///< a configured alias, then its target as below
    id,        ///< an entry's exact id
    name,      ///< an entry's name (exact, or the one equal ignoring case)
    selector,  ///< the best entry matching the requirements
    unlisted,  ///< the provider lists no such part: the text goes to the provider as given
  };
  CatalogPart part = CatalogPart::size;
  std::string text;  ///< as asked
  std::string id;    ///< the chosen entry's id (or the text passed on); empty when none or failed
  By by = By::none;
  std::vector<Verdict> candidates;
  /// Why nothing was chosen: ErrorKind::config (exit 2) for a selector mistake, or no match naming
  /// the three nearest candidates and why each failed. Empty when a choice was made.
  std::optional<Error> error;

  bool ok() const noexcept { return !error; }
};
std::string_view to_string(Choice::By by) noexcept;  ///< "none", "alias", "id", "name", "selector", "unlisted"

/// What constrains a size beyond its own text.
struct SizeContext {
  SizeContext() {}
  /// Region ids the VM may go to: a size listing regions must list one of them. Empty: any.
  std::vector<std::string> regions;
  /// The chosen image's minimum disk: a size with a smaller known disk is rejected.
  std::optional<std::int64_t> min_disk_gb;
};

/// What constrains a region beyond its own text: the chosen size's regions (empty: offered everywhere).
struct RegionContext {
  RegionContext() {}
  std::string size_id;
  std::vector<std::string> size_regions;
};

/// An alias table as in Aliases (config.hpp): portable name -> provider id, name or selector.
using AliasTable = std::map<std::string, std::string>;

/// Chooses by the order: an alias of `text` (its target then taken as below), an exact id, an exact
/// name, a name equal ignoring case, then a selector. Sizes: the cheapest known hourly price, then fewest
/// vCPUs, least memory, least disk, then id. Images: the highest version, then id. Regions: by id.
/// A text that is no selector and names nothing is passed on unchanged (By::unlisted) when the part
/// is empty (the provider does not list it) or holds no entry from the provider's own listing (only
/// CatalogSource::config or observed ones, which need not be complete); it is no match otherwise.
Choice choose_size(std::string_view text, std::vector<Size> const& sizes, AliasTable const& aliases = {},
                   SizeContext const& context = {});
Choice choose_image(std::string_view text, std::vector<Image> const& images, AliasTable const& aliases = {});
Choice choose_region(std::string_view text, std::vector<Region> const& regions, AliasTable const& aliases = {},
                     RegionContext const& context = {});

/// Ranks two sizes by the documented order (true when `a` comes first): known price before unknown,
/// then cheaper, fewer vCPUs, less memory, less disk (known before unknown), then id.
bool size_ranks_before(Size const& a, Size const& b) noexcept;

}  // namespace polycloud
