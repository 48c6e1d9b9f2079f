// The selector grammar (docs/provisioning.md), parsed by hand: it is three small comma-separated
// languages, and a hand-written cursor knows the column of every mistake for the caret.
#include "core/suggest.hpp"

#include <polycloud/selector.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace polycloud {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_letter(char c) noexcept { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_word(char c) noexcept { return is_letter(c) || is_digit(c) || c == '-' || c == '_'; }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

/// A cursor over one selector text; the first mistake stops it, with its column for the caret.
class Cursor {
 public:
  Cursor(CatalogPart part, std::string_view text) : part_(part), text_(text) {}

  bool at_end() {
    skip_space();
    return at_ == text_.size();
  }
  std::size_t position() const noexcept { return at_; }
  char peek() const noexcept { return at_ < text_.size() ? text_[at_] : '\0'; }
  void advance(std::size_t count = 1) noexcept { at_ = std::min(at_ + count, text_.size()); }
  void skip_space() noexcept {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  }
  std::string_view since(std::size_t start) const { return text_.substr(start, at_ - start); }

  std::string_view take_while(bool (*accept)(char) noexcept) {
    auto const start = at_;
    while (at_ < text_.size() && accept(text_[at_])) ++at_;
    return since(start);
  }

  /// ">=", "<=", ">", "<" or "="; empty when none is here.
  std::optional<Comparison> take_comparison() {
    skip_space();
    auto const rest = text_.substr(at_);
    for (auto const& [spelling, comparison] :
         {std::pair{">=", Comparison::greater_equal}, std::pair{"<=", Comparison::less_equal},
          std::pair{">", Comparison::greater}, std::pair{"<", Comparison::less}, std::pair{"=", Comparison::equal}}) {
      if (rest.starts_with(spelling)) {
        at_ += std::string_view(spelling).size();
        return comparison;
      }
    }
    return std::nullopt;
  }

  /// Digits with an optional fraction, no sign.
  std::optional<double> take_number() {
    skip_space();
    auto const start = at_;
    take_while(is_digit);
    if (at_ == start) return std::nullopt;
    if (peek() == '.') {
      advance();
      if (take_while(is_digit).empty()) return std::nullopt;
    }
    double value = 0;
    auto const digits = since(start);
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
  }

  /// "12", "22.04": dotted numbers.
  std::optional<std::string> take_version() {
    skip_space();
    auto const start = at_;
    for (;;) {
      if (take_while(is_digit).empty()) return std::nullopt;
      if (peek() != '.') break;
      advance();
    }
    return std::string(since(start));
  }

  /// After a term: the end or a comma (consumed). False, with the mistake recorded, otherwise.
  bool end_of_term() {
    if (at_end()) return true;
    if (peek() == ',') {
      advance();
      if (at_end()) return fail(at_, "expected another requirement after `,`");
      return true;
    }
    return fail(at_, "expected `,` or the end");
  }

  /// Records the first mistake; always false, so `return fail(…)` reads naturally.
  bool fail(std::size_t where, std::string const& what) {
    if (error_) return false;
    // The caret counts characters, not bytes: a UTF-8 character before the mistake is one column.
    std::size_t column = 0;
    for (std::size_t i = 0; i < where && i < text_.size(); ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    error_ = make_error(ErrorKind::config, std::string(to_string(part_)) + " selector: " + what + " at column " +
                                               std::to_string(column + 1) + ":\n  " + std::string(text_) + "\n  " +
                                               std::string(column, ' ') + "^");
    return false;
  }
  Error const& error() const { return *error_; }

 private:
  CatalogPart part_;
  std::string_view text_;
  std::size_t at_ = 0;
  std::optional<Error> error_;
};

std::string comparison_list() { return "one of >=, <=, >, <, ="; }

bool parse_size_term(Cursor& in, SizeSelector& selector) {
  using Field = SizeRequirement::Field;
  in.skip_space();
  auto const start = in.position();
  auto const word = in.take_while(is_word);
  if (word.empty()) return in.fail(start, "expected a requirement: cpu, mem, disk or price");
  static std::vector<std::string> const fields{"cpu", "mem", "disk", "price"};
  auto const found = std::find(fields.begin(), fields.end(), word);
  if (found == fields.end())
    return in.fail(start, "unknown requirement `" + std::string(word) + "`" + did_you_mean(word, fields) +
                              " (expected cpu, mem, disk or price)");
  SizeRequirement term;
  term.field = static_cast<Field>(found - fields.begin());
  auto comparison = in.take_comparison();
  if (!comparison) return in.fail(in.position(), "expected " + comparison_list() + " after " + std::string(word));
  term.comparison = *comparison;
  in.skip_space();
  auto const number_at = in.position();
  auto value = in.take_number();
  if (!value) return in.fail(number_at, "expected a number after " + std::string(in.since(start)));
  auto const unit_at = in.position();
  auto const unit = in.take_while(is_word);
  switch (term.field) {
    case Field::cpu:
      if (!unit.empty()) return in.fail(unit_at, "cpu takes a count of vCPUs, with no unit");
      if (*value != std::floor(*value)) return in.fail(number_at, "cpu takes a whole number of vCPUs");
      break;
    case Field::mem:
      if (unit == "MiB") {
      } else if (unit == "GiB") {
        *value *= 1024;
      } else if (unit.empty()) {
        return in.fail(unit_at, "memory needs a unit: MiB or GiB");
      } else {
        return in.fail(unit_at, "unknown memory unit `" + std::string(unit) + "` (expected MiB or GiB)");
      }
      break;
    case Field::disk:
      if (!unit.empty() && unit != "GB")
        return in.fail(unit_at, "unknown disk unit `" + std::string(unit) + "` (disk is in GB; write 40 or 40GB)");
      break;
    case Field::price:
      if (!unit.empty()) return in.fail(unit_at, "price takes an amount per hour, with no unit");
      break;
  }
  term.value = *value;
  term.text = std::string(in.since(start));
  selector.terms.push_back(std::move(term));
  return in.end_of_term();
}

bool parse_version_term(Cursor& in, ImageRequirement term, std::size_t start, ImageSelector& selector) {
  auto const version_at = (in.skip_space(), in.position());
  auto version = in.take_version();
  if (!version) return in.fail(version_at, "expected a version such as 12 or 22.04");
  term.field = ImageRequirement::Field::version;
  term.value = std::move(*version);
  term.text = std::string(in.since(start));
  selector.terms.push_back(std::move(term));
  return in.end_of_term();
}

bool parse_image_term(Cursor& in, ImageSelector& selector) {
  using Field = ImageRequirement::Field;
  in.skip_space();
  auto const start = in.position();
  auto const word = in.take_while(is_word);
  if (word.empty()) return in.fail(start, "expected os=NAME, version>=N or NAME:VERSION (debian:12)");
  in.skip_space();
  if (word == "os" && in.peek() == '=') {
    in.advance();
    in.skip_space();
    auto const os_at = in.position();
    auto const os = in.take_while(is_word);
    if (os.empty()) return in.fail(os_at, "expected an operating system after os= (debian, ubuntu…)");
    selector.terms.push_back({Field::os, Comparison::equal, lower(os), std::string(in.since(start))});
    return in.end_of_term();
  }
  if (word == "version") {
    ImageRequirement term;
    auto comparison = in.take_comparison();
    if (!comparison) return in.fail(in.position(), "expected " + comparison_list() + " after version");
    term.comparison = *comparison;
    return parse_version_term(in, std::move(term), start, selector);
  }
  if (in.peek() != ':')
    return in.fail(in.position(), "expected `:` and a version after `" + std::string(word) +
                                      "` (debian:12), or os=NAME, or version>=N");
  in.advance();
  selector.terms.push_back({Field::os, Comparison::equal, lower(word), std::string(word)});
  ImageRequirement term;
  term.comparison = in.take_comparison().value_or(Comparison::equal);
  return parse_version_term(in, std::move(term), start, selector);
}

bool is_glob_character(char c) noexcept { return c != ',' && c != '=' && !is_space(c); }

bool parse_region_term(Cursor& in, RegionSelector& selector) {
  using Field = RegionRequirement::Field;
  in.skip_space();
  auto const start = in.position();
  auto const glob = in.take_while(is_glob_character);
  if (glob.empty()) return in.fail(start, "expected a region glob (uk-*) or country=CODE");
  in.skip_space();
  if (in.peek() != '=') {
    selector.terms.push_back({Field::glob, std::string(glob), std::string(glob)});
    return in.end_of_term();
  }
  if (glob != "country")
    return in.fail(start, "unknown region requirement `" + std::string(glob) + "`" +
                              did_you_mean(glob, {"country"}) + " (expected country=CODE or a glob)");
  in.advance();
  in.skip_space();
  auto const code_at = in.position();
  auto const code = in.take_while(is_word);
  if (code.size() != 2 || !is_letter(code[0]) || !is_letter(code[1]))
    return in.fail(code_at, "country takes a two-letter ISO 3166 code (GB, DE)");
  std::string upper(code);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  selector.terms.push_back({Field::country, std::move(upper), std::string(in.since(start))});
  return in.end_of_term();
}

template <class Selector, class ParseTerm>
Result<Selector> parse_terms(CatalogPart part, std::string_view text, ParseTerm parse_term) {
  Cursor in(part, text);
  Selector selector;
  if (in.at_end()) {
    in.fail(in.position(), "expected a requirement");
    return in.error();
  }
  while (!in.at_end())
    if (!parse_term(in, selector)) return in.error();
  return selector;
}

}  // namespace

Result<SizeSelector> parse_size_selector(std::string_view text) {
  return parse_terms<SizeSelector>(CatalogPart::size, text, parse_size_term);
}

Result<ImageSelector> parse_image_selector(std::string_view text) {
  return parse_terms<ImageSelector>(CatalogPart::image, text, parse_image_term);
}

Result<RegionSelector> parse_region_selector(std::string_view text) {
  return parse_terms<RegionSelector>(CatalogPart::region, text, parse_region_term);
}

Result<void> check_selector(CatalogPart part, std::string_view text) {
  auto mistake = [](auto const& parsed) -> Result<void> {
    if (!parsed) return parsed.error();
    return {};
  };
  switch (part) {
    case CatalogPart::size: return mistake(parse_size_selector(text));
    case CatalogPart::image: return mistake(parse_image_selector(text));
    case CatalogPart::region: return mistake(parse_region_selector(text));
  }
  return {};
}

bool is_selector(CatalogPart part, std::string_view text) noexcept {
  switch (part) {
    case CatalogPart::size: return text.find_first_of("<>=,") != std::string_view::npos;
    case CatalogPart::image: return text.find_first_of("<>=,:") != std::string_view::npos;
    case CatalogPart::region: return text.find_first_of("*?=,") != std::string_view::npos;
  }
  return false;
}

std::string_view to_string(CatalogPart part) noexcept {
  switch (part) {
    case CatalogPart::size: return "size";
    case CatalogPart::image: return "image";
    case CatalogPart::region: return "region";
  }
  return "unknown";
}

std::string_view to_string(Comparison comparison) noexcept {
  switch (comparison) {
    case Comparison::less: return "<";
    case Comparison::less_equal: return "<=";
    case Comparison::equal: return "=";
    case Comparison::greater_equal: return ">=";
    case Comparison::greater: return ">";
  }
  return "?";
}

}  // namespace polycloud
