#include "providers/katapult/catalog_mapping.hpp"

#include "providers/common/catalog_words.hpp"
#include "providers/common/json_fields.hpp"

namespace polycloud::katapult {

using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;
namespace json = boost::json;

namespace {

constexpr std::int64_t max_cores = providers::max_vcpus;
constexpr std::int64_t max_gb = providers::max_amount;

enum PackageField : int { p_id, p_name, p_permalink, p_cores, p_memory, p_storage };
providers::ItemFields const package_fields{
    {p_id, {"id"}},
    {p_name, {"name"}},
    {p_permalink, {"permalink"}},
    {p_cores, {"cpu_cores"}},
    {p_memory, {"memory_in_gb"}},
    {p_storage, {"storage_in_gb"}},
};

enum TemplateField : int { t_id, t_name, t_permalink, t_size, t_os_name };
providers::ItemFields const template_fields{
    {t_id, {"id"}},
    {t_name, {"name"}},
    {t_permalink, {"permalink"}},
    {t_size, {"size_in_gb"}},
    {t_os_name, {"operating_system", "name"}},
};

/// Nullable strings read as empty.
void nullable_string(JsonPath const& path, JsonScalar const& value, std::string& out, ItemProblems& problems) {
  if (!value.is_null()) problems.assign_string(path, value, out);
}

/// The permalink when the answer has one (what create takes, readable), else the opaque id.
void settle_id(std::string& id, std::string const& permalink, ItemProblems& problems) {
  if (!permalink.empty()) id = permalink;
  if (id.empty()) problems.fail("id: missing");
}

}  // namespace

providers::ItemFields const* PackageMapping::fields() const noexcept { return &package_fields; }
void PackageMapping::begin(Size&) { permalink_.clear(); }

void PackageMapping::scalar(JsonPath const& path, JsonScalar const& value, Size& size, ItemProblems& problems) {
  switch (path.field()) {
    case p_id: problems.assign_string(path, value, size.id); break;
    case p_name: nullable_string(path, value, size.name, problems); break;
    case p_permalink: nullable_string(path, value, permalink_, problems); break;
    case p_cores:
      if (auto cores = problems.integer(path, value, 0, max_cores)) size.vcpus = static_cast<int>(*cores);
      break;
    case p_memory:
      if (auto gb = problems.integer(path, value, 0, max_gb)) size.memory_mib = providers::gib_to_mib(*gb);
      break;
    case p_storage:
      if (!value.is_null()) {
        if (auto gb = problems.integer(path, value, 0, max_gb)) size.disk_gb = *gb;
      }
      break;
    default: break;
  }
}

void PackageMapping::end(Size& size, ItemProblems& problems) {
  settle_id(size.id, permalink_, problems);
  if (size.name.empty()) size.name = size.id;
}

providers::ItemFields const* TemplateMapping::fields() const noexcept { return &template_fields; }
void TemplateMapping::begin(Image&) {
  permalink_.clear();
  os_name_.clear();
}

void TemplateMapping::scalar(JsonPath const& path, JsonScalar const& value, Image& image, ItemProblems& problems) {
  switch (path.field()) {
    case t_id: problems.assign_string(path, value, image.id); break;
    case t_name: nullable_string(path, value, image.name, problems); break;
    case t_permalink: nullable_string(path, value, permalink_, problems); break;
    case t_size:
      if (!value.is_null()) {
        if (auto gb = problems.integer(path, value, 0, max_gb)) image.min_disk_gb = *gb;
      }
      break;
    case t_os_name: nullable_string(path, value, os_name_, problems); break;
    default: break;
  }
}

void TemplateMapping::end(Image& image, ItemProblems& problems) {
  settle_id(image.id, permalink_, problems);
  if (image.name.empty()) image.name = image.id;
  providers::describe_image(image, os_name_, permalink_, image.name);
}

providers::BodyLayout packages_layout() { return {{"virtual_machine_packages"}}; }
providers::BodyLayout package_layout() { return {{"virtual_machine_package"}, true}; }
providers::BodyLayout templates_layout() { return {{"disk_templates"}}; }
providers::BodyLayout template_layout() { return {{"disk_template"}, true}; }

namespace {

json::array const* array_at(json::value const& body, std::string_view key, std::string& problem) {
  auto const* object = body.if_object();
  auto const* items = object != nullptr ? object->if_contains(key) : nullptr;
  if (items != nullptr && items->is_array()) return &items->get_array();
  if (problem.empty()) problem = "expected an object with a \"" + std::string(key) + "\" array";
  return nullptr;
}

/// permalink, else id, of an object; records a problem for neither.
std::string reference_of(providers::FieldReader& fields) {
  auto permalink = fields.string("permalink");
  if (permalink && !permalink->empty()) return *permalink;
  auto id = fields.string("id");
  if (!id || id->empty()) fields.fail("id", "missing");
  return id.value_or("");
}

}  // namespace

std::vector<Region> regions_from(json::value const& data_centers, json::value const& zones, std::string& problem) {
  std::vector<Region> regions;
  auto const* centers = array_at(data_centers, "data_centers", problem);
  auto const* zone_list = array_at(zones, "zones", problem);
  if (centers == nullptr || zone_list == nullptr) return regions;
  for (std::size_t i = 0; i < centers->size() && problem.empty(); ++i) {
    auto const* center = (*centers)[i].if_object();
    if (center == nullptr) {
      problem = "data_centers[" + std::to_string(i) + "]: expected an object";
      break;
    }
    providers::FieldReader fields(*center, "data_centers[" + std::to_string(i) + "]");
    Region region;
    region.id = reference_of(fields);
    region.name = fields.string("name").value_or(region.id);
    if (auto const* country = fields.object("country")) {
      providers::FieldReader country_fields(*country, fields.path_of("country"));
      region.country = country_fields.string("iso_code2").value_or("");
      if (problem.empty()) problem = country_fields.problem();
    }
    if (problem.empty()) problem = fields.problem();
    regions.push_back(std::move(region));
  }
  for (std::size_t i = 0; i < zone_list->size() && problem.empty(); ++i) {
    auto const* zone = (*zone_list)[i].if_object();
    if (zone == nullptr) {
      problem = "zones[" + std::to_string(i) + "]: expected an object";
      break;
    }
    providers::FieldReader fields(*zone, "zones[" + std::to_string(i) + "]");
    auto const id = reference_of(fields);
    std::string center_ref;
    if (auto const* center = fields.object("data_center")) {
      providers::FieldReader center_fields(*center, fields.path_of("data_center"));
      center_ref = reference_of(center_fields);
      if (problem.empty()) problem = center_fields.problem();
    }
    if (problem.empty()) problem = fields.problem();
    for (auto& region : regions) {
      if (region.id == center_ref) region.zones.push_back(id);
    }
  }
  return regions;
}

std::map<std::string, std::string> zone_per_region(json::value const& zones) {
  std::map<std::string, std::string> found;
  std::string ignored;
  auto const* zone_list = array_at(zones, "zones", ignored);
  if (zone_list == nullptr) return found;
  for (auto const& entry : *zone_list) {
    auto const* zone = entry.if_object();
    if (zone == nullptr) continue;
    providers::FieldReader fields(*zone, "");
    auto const id = fields.string("id").value_or("");
    auto const* center = fields.object("data_center");
    if (id.empty() || center == nullptr) continue;
    providers::FieldReader center_fields(*center, "");
    found.try_emplace(reference_of(center_fields), id);
  }
  return found;
}

std::string country_code(json::value const& zone) {
  auto const* object = zone.if_object();
  auto const* inner = object != nullptr ? object->if_contains("zone") : nullptr;
  auto const* center = inner != nullptr && inner->is_object() ? inner->get_object().if_contains("data_center") : nullptr;
  auto const* country = center != nullptr && center->is_object() ? center->get_object().if_contains("country") : nullptr;
  auto const* code = country != nullptr && country->is_object() ? country->get_object().if_contains("iso_code2") : nullptr;
  return code != nullptr && code->is_string() ? std::string(code->get_string()) : std::string();
}

}  // namespace polycloud::katapult
