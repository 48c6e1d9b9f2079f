#pragma once
// How one catalog entry fares against a parsed selector, how it ranks against another, and the words
// for both: the pieces selector_choose.cpp assembles into a Choice.
#include <polycloud/selector.hpp>

#include <string>
#include <vector>

namespace polycloud::selection {

/// Why an entry fails a selector (one reason per failed term), and how far it is from passing:
/// failed terms count first, then `distance` (the relative shortfalls), when naming the nearest.
struct Assessment {
  std::vector<std::string> failures;
  double distance = 0;
  bool ok() const noexcept { return failures.empty(); }
};

Assessment assess(Size const& size, SizeSelector const& selector);
Assessment assess(Image const& image, ImageSelector const& selector);
Assessment assess(Region const& region, RegionSelector const& selector);

/// The documented orders: sizes by size_ranks_before; images by highest version, then id; regions by id.
bool ranks_before(Size const& a, Size const& b) noexcept;
bool ranks_before(Image const& a, Image const& b) noexcept;
bool ranks_before(Region const& a, Region const& b) noexcept;

/// Why `loser` (a match) comes after `winner`, named `winner_label` ("rock-3", "kat's rock-3"): the
/// first key of the order where it loses ("dearer: 0.02/h > 0.01/h of rock-3").
std::string why_after(Size const& loser, Size const& winner, std::string const& winner_label);
std::string why_after(Image const& loser, Image const& winner, std::string const& winner_label);
std::string why_after(Region const& loser, Region const& winner, std::string const& winner_label);

/// "2 vCPUs, 4 GiB, 40 GB, 0.02 GBP/h"; "debian 12"; "GB, zones a, b".
std::string describe(Size const& size);
std::string describe(Image const& image);
std::string describe(Region const& region);

/// Shortest round-trip decimal form ("0.05", "2", "1e-05"): the same double always prints the same.
std::string format_number(double value);
std::string format_memory(std::int64_t mib);  ///< "4 GiB" when whole GiB, else "1536 MiB"
std::string format_price(Price const& price);  ///< "0.02 GBP/h", "9.5/month"

}  // namespace polycloud::selection
