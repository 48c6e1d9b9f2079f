#include "sim/bycloud/listing.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace polycloud::sim::bycloud {
namespace {

namespace json = boost::json;

std::string_view string_field(json::object const& object, std::string_view key) {
  auto const* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

std::string_view nested_id(json::object const& instance, std::string_view key) {
  auto const* value = instance.if_contains(key);
  return value != nullptr && value->is_object() ? string_field(value->get_object(), "id") : std::string_view();
}

// Whether the concatenated `pieces` equal `wanted` (or start with it when `prefix`).
bool pieces_match(std::span<std::string_view const> pieces, std::string_view wanted, bool prefix) {
  for (auto piece : pieces) {
    if (wanted.size() < piece.size()) return prefix && piece.starts_with(wanted);
    if (!wanted.starts_with(piece)) return false;
    wanted.remove_prefix(piece.size());
  }
  return wanted.empty();
}

}  // namespace

bool Filter::empty() const { return !name && !status && !flavor_id && !image_id && tags.empty(); }

std::string Filter::key() const {
  std::string key;
  for (auto const* part : {&name, &status, &flavor_id, &image_id}) key += (*part ? "=" + **part : "-") + '\n';
  for (auto const& tag : tags) key += tag + ',';
  return key;
}

bool Filter::matches(std::span<std::string_view const> candidate_name, std::string_view candidate_status,
                     std::string_view candidate_flavor, std::string_view candidate_image,
                     std::span<std::string_view const> candidate_tags) const {
  if (status && *status != candidate_status) return false;
  if (flavor_id && *flavor_id != candidate_flavor) return false;
  if (image_id && *image_id != candidate_image) return false;
  if (name) {
    bool const prefix = name->ends_with('*');
    if (!pieces_match(candidate_name, std::string_view(*name).substr(0, name->size() - (prefix ? 1 : 0)), prefix)) {
      return false;
    }
  }
  return std::all_of(tags.begin(), tags.end(), [&](std::string const& tag) {
    return std::find(candidate_tags.begin(), candidate_tags.end(), tag) != candidate_tags.end();
  });
}

bool Filter::matches(Summary const& generated) const {
  std::array<char, 24> digits{};
  auto const end = std::to_chars(digits.data(), digits.data() + digits.size(), generated.name_number).ptr;
  std::array<std::string_view, 3> const pieces{generated.name_prefix, "-",
                                             std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data()))};
  return matches(pieces, generated.status, kFlavors[generated.flavor].id,
                 generated.image ? kImages[*generated.image].id : "", generated.tags);
}

bool Filter::matches(json::object const& instance) const {
  std::vector<std::string_view> instance_tags;
  for (auto const& tag : instance.at("tags").as_array()) {
    if (tag.is_string()) instance_tags.emplace_back(tag.get_string());
  }
  std::array<std::string_view, 1> const pieces{string_field(instance, "name")};
  return matches(pieces, string_field(instance, "status"), nested_id(instance, "flavor"),
                 nested_id(instance, "image"), instance_tags);
}

Listing::Listing(std::shared_ptr<std::vector<std::uint32_t> const> generated, std::vector<std::size_t> shadowed,
                 std::vector<std::size_t> live)
    : generated_(std::move(generated)), shadowed_(std::move(shadowed)), live_(std::move(live)) {}

bool Listing::is_shadowed(std::size_t index) const {
  return std::binary_search(shadowed_.begin(), shadowed_.end(), index);
}

std::size_t Listing::total() const {
  auto const shadowed_generated = std::count_if(shadowed_.begin(), shadowed_.end(), [&](std::size_t index) {
    return std::binary_search(generated_->begin(), generated_->end(), static_cast<std::uint32_t>(index));
  });
  return generated_->size() - static_cast<std::size_t>(shadowed_generated) + live_.size();
}

std::optional<std::size_t> Listing::after(std::optional<std::size_t> index) const {
  auto const& generated = *generated_;
  auto it = index ? std::upper_bound(generated.begin(), generated.end(), *index) : generated.begin();
  while (it != generated.end() && is_shadowed(*it)) ++it;
  auto const live = index ? std::upper_bound(live_.begin(), live_.end(), *index) : live_.begin();
  std::optional<std::size_t> next;
  if (it != generated.end()) next = *it;
  if (live != live_.end() && (!next || *live < *next)) next = *live;
  return next;
}

std::optional<std::size_t> Listing::before(std::size_t index) const {
  auto const& generated = *generated_;
  std::optional<std::size_t> previous;
  for (auto it = std::lower_bound(generated.begin(), generated.end(), index); it != generated.begin();) {
    --it;
    if (!is_shadowed(*it)) {
      previous = *it;
      break;
    }
  }
  auto const live = std::lower_bound(live_.begin(), live_.end(), index);
  if (live != live_.begin() && (!previous || *std::prev(live) > *previous)) previous = *std::prev(live);
  return previous;
}

}  // namespace polycloud::sim::bycloud
