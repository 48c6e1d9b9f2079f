#pragma once
// How a provider's words for an image become the neutral Image::os and Image::version, one rule for
// every adapter (docs/providers.md lists what each provider feeds it):
// - os: the first word of the operating system's name, lower-case ("Ubuntu" → "ubuntu", "Rocky
//   Linux" → "rocky", "debian-12" → "debian"), or empty when there is no word;
// - version: the first run of digits in the text, with the digit groups that follow it joined by
//   '.', '-' or '_', written dotted ("ubuntu-22-04" → "22.04", "Debian 12 (bookworm)" → "12",
//   "ubuntu-24.04" → "24.04"), or empty when the text has no digit.
// No I/O; pure functions, tested on every provider's examples (tests/common/catalog_words_test.cpp).

#include <polycloud/catalog.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace polycloud::providers {

/// The operating system's family: its first word (letters and digits), lower-case.
std::string os_family(std::string_view words);

/// The first version in `text`, dotted.
std::string dotted_version(std::string_view text);

/// Fills image.os and image.version from the last '/'-segment of `words` (a permalink
/// "templates/ubuntu-22-04", a distro "debian-12", a name "Debian 12 (bookworm)"): os from `os_name`
/// when it is given, else from those words; version from those words, else from `fallback` (e.g. an
/// image's display name when its permalink has no digit). os and version come out empty when no
/// word says them.
void describe_image(Image& image, std::string_view os_name, std::string_view words, std::string_view fallback = {});

/// A price per hour as given, or the monthly one / 730 (hours in an average month), marked by `source`.
Price hourly_price(double amount, std::string currency, CatalogSource source);
Price monthly_price(double amount, std::string currency, CatalogSource source);
/// The bounds a catalog mapping reads counts within: more is a broken answer, never a wrapped value.
inline constexpr std::int64_t max_vcpus = 4096;
inline constexpr std::int64_t max_amount = std::int64_t(1) << 40;  ///< MiB, GB: beyond any machine

/// Hours in the average month a monthly price covers (8760 / 12).
inline constexpr double hours_per_month = 730.0;

/// GiB → MiB, saturating rather than wrapping on a value no machine has.
std::int64_t gib_to_mib(std::int64_t gib) noexcept;

}  // namespace polycloud::providers
