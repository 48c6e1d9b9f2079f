#include "core/selector_match.hpp"

#include <polycloud/provider.hpp>  // glob_match

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

namespace polycloud::selection {

namespace {

bool holds(double have, Comparison comparison, double want) noexcept {
  switch (comparison) {
    case Comparison::less: return have < want;
    case Comparison::less_equal: return have <= want;
    case Comparison::equal: return have == want;
    case Comparison::greater_equal: return have >= want;
    case Comparison::greater: return have > want;
  }
  return false;
}

double relative_gap(double have, double want) noexcept { return std::abs(have - want) / std::max(std::abs(want), 1.0); }

std::string plural(long long count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

/// "22.04" -> {22, 4}; empty when not dotted numbers.
std::vector<long> version_numbers(std::string_view version) {
  std::vector<long> numbers;
  while (!version.empty()) {
    long number = 0;
    auto const [end, error] = std::from_chars(version.data(), version.data() + version.size(), number);
    if (error != std::errc() || end == version.data()) return {};
    numbers.push_back(number);
    version.remove_prefix(static_cast<std::size_t>(end - version.data()));
    if (version.empty()) break;
    if (version.front() != '.' || version.size() == 1) return {};
    version.remove_prefix(1);
  }
  return numbers;
}

/// -1, 0, 1 comparing `have` cut (or padded with zeros) to `want`'s length: "12.5" equals "12", so
/// `debian:12` matches every 12.x and `>12` means 13 and later.
int compare_prefix(std::vector<long> have, std::vector<long> const& want) {
  have.resize(want.size(), 0);
  return have < want ? -1 : have > want ? 1 : 0;
}

bool holds(int order, Comparison comparison) noexcept { return holds(order, comparison, 0.0); }

std::string needs(std::string const& term, std::string const& has) { return "needs " + term + ", has " + has; }

}  // namespace

std::string format_number(double value) {
  char buffer[32];
  auto const result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_memory(std::int64_t mib) {
  if (mib != 0 && mib % 1024 == 0) return std::to_string(mib / 1024) + " GiB";
  return std::to_string(mib) + " MiB";
}

std::string format_price(Price const& price) {
  auto text = format_number(price.amount);
  if (!price.currency.empty()) text += " " + price.currency;
  return text + (price.period == Price::Period::hour ? "/h" : "/month");
}

std::string describe(Size const& size) {
  auto text = plural(size.vcpus, "vCPU", "vCPUs") + ", " + format_memory(size.memory_mib) + ", ";
  text += size.disk_gb ? std::to_string(*size.disk_gb) + " GB" : std::string("disk unknown");
  if (!size.hourly) return text + ", price unknown";
  text += ", " + format_price(*size.hourly);
  // A price the provider's API did not give says where it came from: the config (a catalog or `prices`
  // block) or a VM it was seen on. An explanation must show what a choice rested on.
  if (size.hourly->source != CatalogSource::api) text += " (" + std::string(to_string(size.hourly->source)) + ")";
  return text;
}

std::string describe(Image const& image) {
  auto text = image.os.empty() ? std::string("os unknown") : image.os;
  text += " " + (image.version.empty() ? std::string("version unknown") : image.version);
  if (image.min_disk_gb) text += ", needs " + std::to_string(*image.min_disk_gb) + " GB disk";
  return text;
}

std::string describe(Region const& region) {
  auto text = region.country.empty() ? std::string("country unknown") : region.country;
  if (!region.zones.empty()) {
    text += ", zones ";
    for (std::size_t i = 0; i < region.zones.size(); ++i) text += (i ? ", " : "") + region.zones[i];
  }
  return text;
}

Assessment assess(Size const& size, SizeSelector const& selector) {
  using Field = SizeRequirement::Field;
  Assessment result;
  for (auto const& term : selector.terms) {
    std::optional<double> have;
    std::string has;
    switch (term.field) {
      case Field::cpu:
        have = size.vcpus, has = plural(size.vcpus, "vCPU", "vCPUs");
        break;
      case Field::mem:
        have = static_cast<double>(size.memory_mib), has = format_memory(size.memory_mib);
        break;
      case Field::disk:
        if (size.disk_gb) have = static_cast<double>(*size.disk_gb), has = std::to_string(*size.disk_gb) + " GB";
        else has = "no known disk";
        break;
      case Field::price:
        if (size.hourly) have = size.hourly->amount, has = format_price(*size.hourly);
        else has = "no known price";
        break;
    }
    if (have && holds(*have, term.comparison, term.value)) continue;
    result.failures.push_back(needs(term.text, has));
    result.distance += have ? relative_gap(*have, term.value) : 1.0;
  }
  return result;
}

Assessment assess(Image const& image, ImageSelector const& selector) {
  Assessment result;
  auto const version = version_numbers(image.version);
  for (auto const& term : selector.terms) {
    if (term.field == ImageRequirement::Field::os) {
      if (image.os == term.value) continue;
      result.failures.push_back(needs("os " + term.value, image.os.empty() ? "no known os" : "os " + image.os));
      result.distance += 1.0;
      continue;
    }
    auto const want = version_numbers(term.value);
    if (!version.empty() && holds(compare_prefix(version, want), term.comparison)) continue;
    auto const wanted = "version" + std::string(to_string(term.comparison)) + term.value;
    if (image.version.empty()) {
      result.failures.push_back(needs(wanted, "no known version"));
      result.distance += 1.0;
    } else {
      result.failures.push_back(needs(wanted, "version " + image.version));
      result.distance += version.empty() ? 1.0 : relative_gap(double(version.front()), double(want.front()));
    }
  }
  return result;
}

Assessment assess(Region const& region, RegionSelector const& selector) {
  Assessment result;
  for (auto const& term : selector.terms) {
    if (term.field == RegionRequirement::Field::glob) {
      if (glob_match(term.value, region.id) || glob_match(term.value, region.name)) continue;
      result.failures.push_back("id and name do not match " + term.value);
    } else {
      if (region.country == term.value) continue;
      result.failures.push_back(needs(term.text, region.country.empty() ? "no known country" : region.country));
    }
    result.distance += 1.0;
  }
  return result;
}

namespace {
/// The ranking keys of a size, in order; unknown price and disk sort after every known one.
auto size_key(Size const& size) {
  return std::tuple(!size.hourly, size.hourly ? size.hourly->amount : 0.0, size.vcpus, size.memory_mib, !size.disk_gb,
                    size.disk_gb.value_or(0), std::string_view(size.id));
}
}  // namespace

bool ranks_before(Size const& a, Size const& b) noexcept { return size_key(a) < size_key(b); }

bool ranks_before(Image const& a, Image const& b) noexcept {
  auto const va = version_numbers(a.version), vb = version_numbers(b.version);
  // Known versions first, the highest first.
  if (va.empty() != vb.empty()) return !va.empty();
  if (va != vb) return va > vb;
  return a.id < b.id;
}

bool ranks_before(Region const& a, Region const& b) noexcept { return a.id < b.id; }

std::string why_after(Size const& loser, Size const& winner, std::string const& w) {
  if (loser.hourly.has_value() != winner.hourly.has_value()) return "its price is unknown (" + w + "'s is known)";
  if (loser.hourly && loser.hourly->amount != winner.hourly->amount)
    return "dearer: " + format_price(*loser.hourly) + " > " + format_price(*winner.hourly) + " of " + w;
  std::string const same = loser.hourly ? "at the same price as " + w : "than " + w + ", both without a price";
  if (loser.vcpus != winner.vcpus)
    return "more vCPUs " + same + ": " + std::to_string(loser.vcpus) + " > " + std::to_string(winner.vcpus);
  if (loser.memory_mib != winner.memory_mib)
    return "more memory " + same + ": " + format_memory(loser.memory_mib) + " > " + format_memory(winner.memory_mib);
  if (loser.disk_gb != winner.disk_gb) {
    if (!loser.disk_gb) return "its disk is unknown (" + w + "'s is known)";
    return "more disk " + same + ": " + std::to_string(*loser.disk_gb) + " GB > " + std::to_string(*winner.disk_gb) +
           " GB";
  }
  return "ties with " + w + ", which sorts first";
}

std::string why_after(Image const& loser, Image const& winner, std::string const& w) {
  if (version_numbers(loser.version) != version_numbers(winner.version)) {
    if (version_numbers(loser.version).empty()) return "its version is unknown";
    return "an older version: " + loser.version + " < " + winner.version + " of " + w;
  }
  return "ties with " + w + ", which sorts first";
}

std::string why_after(Region const&, Region const&, std::string const& w) { return w + " sorts first"; }

}  // namespace polycloud::selection
