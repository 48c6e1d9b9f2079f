#include "providers/common/catalog_words.hpp"

#include <cctype>
#include <limits>

namespace polycloud::providers {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_joiner(char c) noexcept { return c == '.' || c == '-' || c == '_'; }

/// The position after the last '/' (a Katapult permalink's "templates/"), so the words start there.
std::string_view last_segment(std::string_view words) {
  auto const slash = words.rfind('/');
  return slash == std::string_view::npos ? words : words.substr(slash + 1);
}

}  // namespace

std::string os_family(std::string_view words) {
  std::size_t begin = 0;
  while (begin < words.size() && !std::isalpha(static_cast<unsigned char>(words[begin]))) ++begin;
  std::string family;
  for (auto i = begin; i < words.size() && is_alnum(words[i]) && !is_digit(words[i]); ++i) {
    family += static_cast<char>(std::tolower(static_cast<unsigned char>(words[i])));
  }
  return family;
}

std::string dotted_version(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && !is_digit(text[i])) ++i;
  std::string version;
  while (i < text.size() && is_digit(text[i])) {
    while (i < text.size() && is_digit(text[i])) version += text[i++];
    // A joiner followed by a digit continues the version ("22-04"); anything else ends it ("12 (").
    if (i + 1 < text.size() && is_joiner(text[i]) && is_digit(text[i + 1])) {
      version += '.';
      ++i;
    } else {
      break;
    }
  }
  return version;
}

void describe_image(Image& image, std::string_view os_name, std::string_view words, std::string_view fallback) {
  auto const segment = last_segment(words);
  image.os = os_family(os_name.empty() ? segment : os_name);
  if (image.os.empty() && !fallback.empty()) image.os = os_family(fallback);
  image.version = dotted_version(segment);
  if (image.version.empty()) image.version = dotted_version(fallback);
}

Price hourly_price(double amount, std::string currency, CatalogSource source) {
  Price price;
  price.amount = amount;
  price.currency = std::move(currency);
  price.period = Price::Period::hour;
  price.source = source;
  return price;
}

Price monthly_price(double amount, std::string currency, CatalogSource source) {
  auto price = hourly_price(amount, std::move(currency), source);
  price.period = Price::Period::month;
  return price;
}

std::int64_t gib_to_mib(std::int64_t gib) noexcept {
  constexpr auto limit = std::numeric_limits<std::int64_t>::max() / 1024;
  if (gib > limit) return std::numeric_limits<std::int64_t>::max();
  if (gib < -limit) return std::numeric_limits<std::int64_t>::min();
  return gib * 1024;
}

}  // namespace polycloud::providers
