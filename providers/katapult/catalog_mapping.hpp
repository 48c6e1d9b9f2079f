#pragma once
// Katapult's catalog → Size, Image, Region (katapult-api.md §1-3):
//   package:  permalink (else id) → id; name; cpu_cores → vcpus; memory_in_gb (GiB → MiB);
//             storage_in_gb → disk_gb. No price: the API has none.
//   template: permalink (else id) → id; name; size_in_gb → min_disk_gb; os from operating_system.name
//             (else the permalink), version from the permalink ("templates/ubuntu-22-04" → "22.04"),
//             else from the name (catalog_words.hpp).
//   region:   a data center: permalink (else id) → id; name; country.iso_code2 → country (the list
//             gives only {id, name}: the iso code is read from one zone's full answer); its zones'
//             permalinks (else ids) from GET /zones.
// Every field is optional when decoding but the id: older answers lack the newer fields.

#include "providers/common/item_mapping.hpp"
#include "providers/common/list_stream.hpp"

#include <polycloud/catalog.hpp>

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

namespace polycloud::katapult {

class PackageMapping final : public providers::BasicItemMapping<Size> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Size)
 private:
  std::string permalink_;
};

class TemplateMapping final : public providers::BasicItemMapping<Image> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Image)
 private:
  std::string permalink_;
  std::string os_name_;
};

/// A list page's "virtual_machine_packages" / "disk_templates" array; a get's single object.
providers::BodyLayout packages_layout();
providers::BodyLayout package_layout();
providers::BodyLayout templates_layout();
providers::BodyLayout template_layout();

/// The regions of a GET /data_centers and a GET /zones answer; `problem` gets the first field of the
/// wrong type ("data_centers[1].name: expected a string…"). Zones keep their order under their data center.
std::vector<Region> regions_from(boost::json::value const& data_centers, boost::json::value const& zones,
                                 std::string& problem);
/// Per region id (as regions_from gives it), the id of one of its zones: where its country's iso code
/// can be read (GET /zones/zone).
std::map<std::string, std::string> zone_per_region(boost::json::value const& zones);
/// data_center.country.iso_code2 of a GET /zones/zone answer; empty when absent.
std::string country_code(boost::json::value const& zone);

}  // namespace polycloud::katapult
