#include <polycloud/catalog.hpp>

namespace polycloud {

std::string_view to_string(CatalogSource source) noexcept {
  switch (source) {
    case CatalogSource::api: return "api";
    case CatalogSource::config: return "config";
    case CatalogSource::observed: return "observed";
  }
  return "unknown";
}

}  // namespace polycloud
