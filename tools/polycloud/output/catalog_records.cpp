#include "output/catalog_records.hpp"

namespace polycloud::cli {

namespace {

/// Empty means unknown: null, as instance records say it.
FieldValue text_or_null(std::string const& text) {
  return text.empty() ? FieldValue(nullptr) : FieldValue(std::string_view(text));
}
template <class Number>
FieldValue number_or_null(std::optional<Number> const& number) {
  return number ? FieldValue(static_cast<std::int64_t>(*number)) : FieldValue(nullptr);
}
FieldValue price_or_null(std::optional<Price> const& price) {
  return price ? FieldValue(Decimal{price->amount}) : FieldValue(nullptr);
}
FieldValue source_of(CatalogSource source) { return std::string_view(to_string(source)); }

}  // namespace

RecordLayout const& size_layout() {
  static RecordLayout const layout{
      {"provider", "id", "name", "vcpus", "memory_mb", "disk_gb", "price_hourly", "price_monthly", "currency",
       "price_source", "regions", "source"},
      {{"provider", {"PROVIDER"}},
       {"id", {"ID"}},
       {"name", {"NAME", 0, true}},
       {"vcpus", {"VCPUS"}},
       {"memory_mb", {"MEMORY MB"}},
       {"disk_gb", {"DISK GB", 2}},
       {"price_hourly", {"PRICE/H", 1}},
       {"currency", {"CUR", 3}},
       {"source", {"SOURCE", 4}}},
      {}};
  return layout;
}

RecordLayout const& image_layout() {
  static RecordLayout const layout{{"provider", "id", "name", "os", "version", "min_disk_gb", "source"},
                                   {{"provider", {"PROVIDER"}},
                                    {"id", {"ID"}},
                                    {"name", {"NAME", 0, true}},
                                    {"os", {"OS"}},
                                    {"version", {"VERSION"}},
                                    {"min_disk_gb", {"MIN DISK GB", 2}},
                                    {"source", {"SOURCE", 1}}},
                                   {}};
  return layout;
}

RecordLayout const& region_layout() {
  static RecordLayout const layout{{"provider", "id", "name", "country", "zones", "source"},
                                   {{"provider", {"PROVIDER"}},
                                    {"id", {"ID"}},
                                    {"name", {"NAME", 0, true}},
                                    {"country", {"COUNTRY"}},
                                    {"zones", {"ZONES", 2, true}},
                                    {"source", {"SOURCE", 1}}},
                                   {}};
  return layout;
}

Record catalog_record(std::string const& provider, Size const& size) {
  auto const& price = size.hourly ? size.hourly : size.monthly;
  return {{"provider", std::string_view(provider)},
          {"id", std::string_view(size.id)},
          {"name", std::string_view(size.name)},
          {"vcpus", size.vcpus > 0 ? FieldValue(static_cast<std::int64_t>(size.vcpus)) : FieldValue(nullptr)},
          {"memory_mb", size.memory_mib > 0 ? FieldValue(size.memory_mib) : FieldValue(nullptr)},
          {"disk_gb", number_or_null(size.disk_gb)},
          {"price_hourly", price_or_null(size.hourly)},
          {"price_monthly", price_or_null(size.monthly)},
          {"currency", price ? text_or_null(price->currency) : FieldValue(nullptr)},
          // Its own: a size listed by the API may be priced by the config's `prices` block.
          {"price_source", price ? source_of(price->source) : FieldValue(nullptr)},
          {"regions", size.regions},
          {"source", source_of(size.source)}};
}

Record catalog_record(std::string const& provider, Image const& image) {
  return {{"provider", std::string_view(provider)},
          {"id", std::string_view(image.id)},
          {"name", std::string_view(image.name)},
          {"os", text_or_null(image.os)},
          {"version", text_or_null(image.version)},
          {"min_disk_gb", number_or_null(image.min_disk_gb)},
          {"source", source_of(image.source)}};
}

Record catalog_record(std::string const& provider, Region const& region) {
  return {{"provider", std::string_view(provider)},
          {"id", std::string_view(region.id)},
          {"name", std::string_view(region.name)},
          {"country", text_or_null(region.country)},
          {"zones", region.zones},
          {"source", source_of(region.source)}};
}

}  // namespace polycloud::cli
