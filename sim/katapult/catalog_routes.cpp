// The catalog routes of katapult-api.md §1-3: packages and disk templates paged like the VM list
// (page/per_page, a pagination object, cycle_pages going round), data centers and zones unpaged, and
// the by-id/permalink gets of packages, templates and zones. Written from the reference, not from the
// adapter: ids are opaque, the list's country is only {id, name}, a zone's get has the full country.
#include "sim/katapult/katapult.hpp"

#include "sim/katapult/arguments.hpp"
#include "sim/katapult/catalog.hpp"
#include "sim/katapult/templates.hpp"
#include "sim/seeded.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {
namespace {

namespace json = boost::json;
using namespace katapult;

constexpr std::int64_t kDefaultPerPage = 30;
constexpr std::int64_t kMaxPerPage = 200;

json::object package_json(Package const& package) {
  return {{"id", package.id},
          {"name", package.name},
          {"permalink", package.permalink},
          {"cpu_cores", package.cpu_cores},
          {"ipv4_addresses", 1},
          {"memory_in_gb", package.memory_in_gb},
          {"storage_in_gb", package.storage_in_gb},
          {"monthly_bandwidth_allowance_in_gb", 1024 * package.cpu_cores},
          {"privacy", "public"},
          {"icon", nullptr},
          {"use_dedicated_cpus", false},
          {"group", json::object{{"id", "vmpkgg_Rk7Lm2QxBn9Vc"}, {"name", "Rock"}}}};
}

/// The index-th template: the seeded ones, then the generated extras (numbered images of a large catalog).
json::object template_json(std::size_t index, std::uint64_t seed) {
  if (index < kDiskTemplates.size()) {
    auto const& t = kDiskTemplates[index];
    return {{"id", t.id},
            {"name", t.name},
            {"description", t.description != nullptr ? json::value(t.description) : json::value(nullptr)},
            {"permalink", t.permalink},
            {"universal", true},
            {"size_in_gb", t.size_in_gb},
            {"latest_version", json::object{{"id", t.latest_version_id}, {"number", 1}}},
            {"operating_system", json::object{{"id", t.os_id}, {"name", t.os_name}}}};
  }
  auto const n = std::to_string(index);
  return {{"id", "dtpl_" + base62(mix(seed, index, 61), 16)},
          {"name", "Custom image " + n},
          {"description", nullptr},
          {"permalink", "templates/custom-" + n},
          {"universal", false},
          {"size_in_gb", nullptr},
          {"latest_version", nullptr},
          {"operating_system", nullptr}};
}

json::object country_brief(Zone const& zone) { return {{"id", zone.country_id}, {"name", zone.country_name}}; }

/// The data centers, once each, in kZones order (each zone is in its own data center here).
std::vector<Zone const*> data_centers() {
  std::vector<Zone const*> centers;
  for (auto const& zone : kZones) {
    bool const seen = std::any_of(centers.begin(), centers.end(),
                                  [&](Zone const* other) { return std::string_view(other->dc_id) == zone.dc_id; });
    if (!seen) centers.push_back(&zone);
  }
  return centers;
}

bool lookup_matches(json::object const& lookup, char const* id, char const* permalink) {
  auto const by_id = string_argument(lookup, "id");
  auto const by_permalink = string_argument(lookup, "permalink");
  return (by_id && *by_id == id) || (by_permalink && *by_permalink == permalink);
}

}  // namespace

Reply KatapultApi::paged(json::object const& args, std::string_view key, std::size_t count,
                         std::function<json::object(std::size_t)> const& item) const {
  bool page_valid = true;
  bool per_page_valid = true;
  auto const page = integer_argument(args, "page", page_valid).value_or(1);
  auto const per_page = integer_argument(args, "per_page", per_page_valid).value_or(kDefaultPerPage);
  if (!page_valid || page < 1) return katapult_error("invalid_argument", "The 'page' argument must be an integer >= 1");
  if (!per_page_valid || per_page < 1 || per_page > kMaxPerPage) {
    return katapult_error("invalid_argument", "The 'per_page' argument must be an integer between 1 and 200");
  }
  auto const total = static_cast<std::int64_t>(count);
  bool const large_set = count > options_.large_set_threshold;
  std::int64_t const total_pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
  json::object pagination{{"current_page", page},
                          {"total_pages", large_set ? json::value(nullptr) : json::value(total_pages)},
                          {"total", large_set ? json::value(nullptr) : json::value(total)},
                          {"per_page", per_page},
                          {"large_set", large_set}};
  auto const cycle = static_cast<std::int64_t>(options_.cycle_pages);
  std::int64_t const served = cycle > 0 ? (page - 1) % cycle + 1 : page;
  std::int64_t const first = served > total ? total : (served - 1) * per_page;
  std::int64_t const last = std::min(total, first + per_page);
  // Written item by item: a page of a large catalog never becomes one DOM.
  std::string body = "{\"pagination\":" + json::serialize(pagination) + ",\"" + std::string(key) + "\":[";
  for (auto position = first; position < last; ++position) {
    if (position != first) body += ',';
    body += json::serialize(item(static_cast<std::size_t>(position)));
  }
  body += "]}";
  return Reply::json(200, std::move(body));
}

Reply KatapultApi::packages(json::object const& args) const {
  // The organization is optional here: without one, the public packages (all of them, in the simulator).
  if (args.contains("organization")) {
    if (auto refused = check_organization(args)) return std::move(*refused);
  }
  return paged(args, "virtual_machine_packages", kPackages.size(),
               [](std::size_t i) { return package_json(kPackages[i]); });
}

Reply KatapultApi::package(json::object const& args) const {
  auto const* lookup = object_argument(args, "virtual_machine_package");
  if (lookup == nullptr || !one_of(args, "virtual_machine_package", "id", "permalink")) {
    return not_exactly_one("virtual_machine_package");
  }
  for (auto const& package : kPackages) {
    if (lookup_matches(*lookup, package.id, package.permalink)) {
      return Reply::json(200, json::serialize(json::object{{"virtual_machine_package", package_json(package)}}));
    }
  }
  return katapult_error("package_not_found", "");
}

Reply KatapultApi::disk_templates(json::object const& args) const {
  if (auto refused = check_organization(args)) return std::move(*refused);
  // The seeded templates are universal; without include_universal only the organization's own (the
  // generated extras) are listed.
  auto const universal = string_argument(args, "include_universal");
  bool const with_universal = universal && (*universal == "true" || *universal == "1");
  auto const skip = with_universal ? 0 : kDiskTemplates.size();
  auto const count = kDiskTemplates.size() + options_.extra_disk_templates - skip;
  auto const seed = options_.seed;
  return paged(args, "disk_templates", count, [skip, seed](std::size_t i) { return template_json(i + skip, seed); });
}

Reply KatapultApi::disk_template(json::object const& args) const {
  auto const* lookup = object_argument(args, "disk_template");
  if (lookup == nullptr || !one_of(args, "disk_template", "id", "permalink")) return not_exactly_one("disk_template");
  auto const count = kDiskTemplates.size() + options_.extra_disk_templates;
  for (std::size_t i = 0; i < count; ++i) {
    auto item = template_json(i, options_.seed);
    auto const id = std::string(item.at("id").as_string());
    auto const permalink = std::string(item.at("permalink").as_string());
    if (lookup_matches(*lookup, id.c_str(), permalink.c_str())) {
      return Reply::json(200, json::serialize(json::object{{"disk_template", std::move(item)}}));
    }
  }
  return katapult_error("disk_template_not_found", "");
}

Reply KatapultApi::data_centers_list() const {
  json::array centers;
  for (auto const* zone : data_centers()) {
    centers.push_back(json::object{
        {"id", zone->dc_id}, {"name", zone->dc_name}, {"permalink", zone->dc_permalink}, {"country", country_brief(*zone)}});
  }
  return Reply::json(200, json::serialize(json::object{{"data_centers", std::move(centers)}}));
}

Reply KatapultApi::zones_list() const {
  json::array zones;
  for (auto const& zone : kZones) {
    zones.push_back(json::object{
        {"id", zone.id},
        {"name", zone.name},
        {"permalink", zone.permalink},
        {"data_center", json::object{{"id", zone.dc_id}, {"name", zone.dc_name}, {"permalink", zone.dc_permalink}}}});
  }
  return Reply::json(200, json::serialize(json::object{{"zones", std::move(zones)}}));
}

Reply KatapultApi::zone(json::object const& args) const {
  auto const* lookup = object_argument(args, "zone");
  if (lookup == nullptr || !one_of(args, "zone", "id", "permalink")) return not_exactly_one("zone");
  for (auto const& zone : kZones) {
    if (!lookup_matches(*lookup, zone.id, zone.permalink)) continue;
    json::object country{{"id", zone.country_id},     {"name", zone.country_name}, {"iso_code2", zone.iso2},
                         {"iso_code3", zone.iso3},    {"time_zone", zone.time_zone}, {"eu", zone.eu}};
    json::object center{{"id", zone.dc_id}, {"name", zone.dc_name}, {"permalink", zone.dc_permalink},
                        {"country", std::move(country)}};
    return Reply::json(200, json::serialize(json::object{
                                {"zone", json::object{{"id", zone.id},
                                                      {"name", zone.name},
                                                      {"permalink", zone.permalink},
                                                      {"data_center", std::move(center)}}}}));
  }
  return katapult_error("zone_not_found", "");
}

}  // namespace polycloud::sim
