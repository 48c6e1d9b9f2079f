#pragma once
// ByCloud's catalog (the inferred Nova-shaped routes of inferred_routes.hpp) → Size and Image:
//   flavor: id; name; vcpus; ram (MiB) → memory_mib; disk (GB) → disk_gb. No price: none is known.
//   image:  id; name; min_disk (GB) → min_disk_gb; os and version from the name ("Debian 12
//           (bookworm)" → debian, 12; "Ubuntu 22.04 LTS" → ubuntu, 22.04) by catalog_words.hpp's rule.
// The items are a bare array or under "flavors" / "images": both layouts are read.

#include "providers/common/item_mapping.hpp"
#include "providers/common/list_stream.hpp"

#include <polycloud/catalog.hpp>

namespace polycloud::bycloud {

class FlavorMapping final : public providers::BasicItemMapping<Size> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Size)
};

class ImageMapping final : public providers::BasicItemMapping<Image> {
 public:
  POLYCLOUD_ITEM_MAPPING_OPERATIONS(Image)
};

/// {"flavors": […]} or […]; {"images": […]} or […].
providers::BodyLayout flavors_layout();
providers::BodyLayout images_layout();

}  // namespace polycloud::bycloud
