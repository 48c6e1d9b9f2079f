#include "providers/openscaler/catalog_mapping.hpp"

#include "providers/common/catalog_words.hpp"

namespace polycloud::openscaler {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

namespace {

using providers::max_amount;
using providers::max_vcpus;

enum SizeField : int { s_size, s_vcpus, s_memory, s_storage, s_hourly, s_monthly };
providers::ItemFields const size_fields{
    {s_size, {"size"}},       {s_vcpus, {"vcpus"}},         {s_memory, {"memoryMB"}},
    {s_storage, {"storageGB"}}, {s_hourly, {"price_hourly"}}, {s_monthly, {"price_monthly"}},
};
providers::ItemFields const image_fields{{0, {"distro"}}};
providers::ItemFields const region_fields{{0, {"region"}}};

/// A price that is a number of at least 0 (OpenScaler prints 12 and 12.0); null or absent: none.
std::optional<double> price(JsonPath const& path, JsonScalar const& value, ItemProblems& problems) {
  if (value.is_null()) return std::nullopt;
  auto amount = problems.number(path, value);
  if (amount && *amount < 0) problems.fail(path, "a negative price");
  return amount;
}

/// A nullable string into `id` and `name` both.
void id_and_name(JsonPath const& path, JsonScalar const& value, std::string& id, std::string& name,
                 ItemProblems& problems) {
  if (value.is_null()) return;
  problems.assign_string(path, value, id);
  name = id;
}

}  // namespace

providers::ItemFields const* ObservedSizeMapping::fields() const noexcept { return &size_fields; }
void ObservedSizeMapping::begin(Size& size) { size.source = CatalogSource::observed; }

void ObservedSizeMapping::scalar(JsonPath const& path, JsonScalar const& value, Size& size, ItemProblems& problems) {
  switch (path.field()) {
    case s_size: id_and_name(path, value, size.id, size.name, problems); break;
    case s_vcpus:
      if (auto vcpus = problems.integer(path, value, 0, max_vcpus)) size.vcpus = static_cast<int>(*vcpus);
      break;
    case s_memory:
      if (auto mib = problems.integer(path, value, 0, max_amount)) size.memory_mib = *mib;
      break;
    case s_storage:
      if (auto gb = problems.integer(path, value, 0, max_amount)) size.disk_gb = *gb;
      break;
    case s_hourly:
      if (auto amount = price(path, value, problems)) size.hourly = providers::hourly_price(*amount, {}, CatalogSource::observed);
      break;
    case s_monthly:
      if (auto amount = price(path, value, problems)) size.monthly = providers::monthly_price(*amount, {}, CatalogSource::observed);
      break;
    default: break;
  }
}

void ObservedSizeMapping::end(Size& size, ItemProblems&) {
  if (!size.hourly && size.monthly) {
    size.hourly = providers::hourly_price(size.monthly->amount / providers::hours_per_month, {}, CatalogSource::observed);
  }
}

providers::ItemFields const* ObservedImageMapping::fields() const noexcept { return &image_fields; }
void ObservedImageMapping::begin(Image& image) { image.source = CatalogSource::observed; }

void ObservedImageMapping::scalar(JsonPath const& path, JsonScalar const& value, Image& image, ItemProblems& problems) {
  id_and_name(path, value, image.id, image.name, problems);
}

void ObservedImageMapping::end(Image& image, ItemProblems&) { providers::describe_image(image, {}, image.id); }

providers::ItemFields const* ObservedRegionMapping::fields() const noexcept { return &region_fields; }
void ObservedRegionMapping::begin(Region& region) { region.source = CatalogSource::observed; }

void ObservedRegionMapping::scalar(JsonPath const& path, JsonScalar const& value, Region& region,
                                   ItemProblems& problems) {
  id_and_name(path, value, region.id, region.name, problems);
}

void ObservedRegionMapping::end(Region&, ItemProblems&) {}

}  // namespace polycloud::openscaler
