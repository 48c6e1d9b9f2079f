#pragma once
// Catalog entries for the selector and placement tests, built by position for brevity.
#include <polycloud/catalog.hpp>

#include <optional>
#include <string>
#include <vector>

namespace polycloud::testing_catalog {

inline Size make_size(std::string id, std::string name, int vcpus, std::int64_t mib, std::optional<std::int64_t> disk,
                      std::optional<double> hourly, std::string currency, std::vector<std::string> regions = {}) {
  Size s;
  s.id = std::move(id);
  s.name = std::move(name);
  s.vcpus = vcpus;
  s.memory_mib = mib;
  s.disk_gb = disk;
  if (hourly) s.hourly = Price{*hourly, std::move(currency), Price::Period::hour, CatalogSource::api};
  s.regions = std::move(regions);
  return s;
}

inline Image make_image(std::string id, std::string name, std::string os, std::string version,
                        std::optional<std::int64_t> min_disk = std::nullopt) {
  Image i;
  i.id = std::move(id);
  i.name = std::move(name);
  i.os = std::move(os);
  i.version = std::move(version);
  i.min_disk_gb = min_disk;
  return i;
}

inline Region make_region(std::string id, std::string name, std::string country) {
  Region r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.country = std::move(country);
  return r;
}

}  // namespace polycloud::testing_catalog
