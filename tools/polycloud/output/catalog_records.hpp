#pragma once
// Catalog entries as output records (one layout per part), for `polycloud catalog`: every format the
// CLI has writes them as it writes instances. The JSON form is docs/schema/catalog-*.schema.json.
#include "output/output.hpp"
#include "output/record.hpp"

#include <polycloud/catalog.hpp>

#include <string>

namespace polycloud::cli {

RecordLayout const& size_layout();
RecordLayout const& image_layout();
RecordLayout const& region_layout();

/// The entry's record; borrows from `provider` and the entry.
Record catalog_record(std::string const& provider, Size const& size);
Record catalog_record(std::string const& provider, Image const& image);
Record catalog_record(std::string const& provider, Region const& region);

}  // namespace polycloud::cli
