#pragma once
// OpenScaler has no catalog route (none is documented; none is invented): its catalog is the config's
// `catalog` block plus what the project's VMs show. These mappings read a VM list body ({"vms": […]},
// the same route list uses) as catalog entries, each marked CatalogSource::observed:
//   size:   size → id and name; vcpus; memoryMB → memory_mib; storageGB → disk_gb;
//           price_hourly / price_monthly → prices (no currency is given)
//   image:  distro → id and name; os and version from it ("debian-13" → debian, 13; catalog_words.hpp)
//   region: region → id and name
// A VM without the field gives an entry with an empty id, which the listing drops (DistinctSink).

#include "providers/common/item_mapping.hpp"

#include <polycloud/catalog.hpp>

#include <optional>

namespace polycloud::openscaler {

class ObservedSizeMapping final : public providers::BasicItemMapping<Size> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Size)
};

class ObservedImageMapping final : public providers::BasicItemMapping<Image> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Image)
};

class ObservedRegionMapping final : public providers::BasicItemMapping<Region> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Region)
};

}  // namespace polycloud::openscaler
