#include "providers/bycloud/catalog_mapping.hpp"

#include "providers/common/catalog_words.hpp"

namespace polycloud::bycloud {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

namespace {

using providers::max_amount;
using providers::max_vcpus;

enum FlavorField : int { f_id, f_name, f_vcpus, f_ram, f_disk };
providers::ItemFields const flavor_fields{
    {f_id, {"id"}}, {f_name, {"name"}}, {f_vcpus, {"vcpus"}}, {f_ram, {"ram"}}, {f_disk, {"disk"}},
};

enum ImageField : int { i_id, i_name, i_min_disk };
providers::ItemFields const image_fields{{i_id, {"id"}}, {i_name, {"name"}}, {i_min_disk, {"min_disk"}}};

std::optional<std::int64_t> amount(JsonPath const& path, JsonScalar const& value, ItemProblems& problems) {
  if (value.is_null()) return std::nullopt;
  return problems.integer(path, value, 0, max_amount);
}

}  // namespace

providers::ItemFields const* FlavorMapping::fields() const noexcept { return &flavor_fields; }
void FlavorMapping::begin(Size&) {}

void FlavorMapping::scalar(JsonPath const& path, JsonScalar const& value, Size& size, ItemProblems& problems) {
  switch (path.field()) {
    case f_id: problems.assign_string(path, value, size.id); break;
    case f_name: problems.assign_string(path, value, size.name); break;
    case f_vcpus:
      if (auto vcpus = problems.integer(path, value, 0, max_vcpus)) size.vcpus = static_cast<int>(*vcpus);
      break;
    case f_ram:
      if (auto mib = amount(path, value, problems)) size.memory_mib = *mib;
      break;
    case f_disk: size.disk_gb = amount(path, value, problems); break;
    default: break;
  }
}

void FlavorMapping::end(Size& size, ItemProblems& problems) {
  if (size.id.empty()) return problems.fail("id: missing");
  if (size.name.empty()) size.name = size.id;
}

providers::ItemFields const* ImageMapping::fields() const noexcept { return &image_fields; }
void ImageMapping::begin(Image&) {}

void ImageMapping::scalar(JsonPath const& path, JsonScalar const& value, Image& image, ItemProblems& problems) {
  switch (path.field()) {
    case i_id: problems.assign_string(path, value, image.id); break;
    case i_name:
      if (!value.is_null()) problems.assign_string(path, value, image.name);
      break;
    case i_min_disk: image.min_disk_gb = amount(path, value, problems); break;
    default: break;
  }
}

void ImageMapping::end(Image& image, ItemProblems& problems) {
  if (image.id.empty()) return problems.fail("id: missing");
  if (image.name.empty()) {
    image.name = image.id;  // an id (a UUID) says nothing of the os: os and version stay unknown
    return;
  }
  providers::describe_image(image, {}, image.name);
}

providers::BodyLayout flavors_layout() { return {{"flavors"}, false, true}; }
providers::BodyLayout images_layout() { return {{"images"}, false, true}; }

}  // namespace polycloud::bycloud
