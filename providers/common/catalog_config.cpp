#include "providers/common/catalog_config.hpp"

#include "providers/common/catalog_words.hpp"
#include "providers/common/config_error.hpp"
#include "providers/common/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>

namespace polycloud::providers {

namespace json = boost::json;

namespace {

constexpr std::int64_t max_vcpus = 4096;
constexpr std::int64_t max_memory_mib = std::int64_t(1) << 32;  // 4 PiB: beyond any machine
constexpr std::int64_t max_disk_gb = std::int64_t(1) << 30;

/// Reads one block's entries; the first problem (a path below the provider, and what was expected) ends it.
class CatalogReader {
 public:
  CatalogReader(ProviderConfig const& config, std::string_view key) : config_(config), key_(key) {}

  Result<ConfiguredCatalog> read(json::value const& block) {
    auto const* object = block.if_object();
    if (object == nullptr) return fail(key_, "expected an object with \"sizes\", \"images\" and/or \"regions\"");
    for (auto const& [name, value] : *object) {
      if (name != "sizes" && name != "images" && name != "regions") {
        return fail(key_ + "." + std::string(name), "unknown key (expected sizes, images or regions)");
      }
    }
    ConfiguredCatalog catalog;
    if (auto done = each(*object, "sizes", catalog.sizes, &CatalogReader::read_size); !done) return done.error();
    if (auto done = each(*object, "images", catalog.images, &CatalogReader::read_image); !done) return done.error();
    if (auto done = each(*object, "regions", catalog.regions, &CatalogReader::read_region); !done) return done.error();
    return catalog;
  }

 private:
  template <class Item>
  using EntryReader = Result<Item> (CatalogReader::*)(FieldReader&, json::object const&, std::string const&);

  template <class Item>
  Result<void> each(json::object const& block, std::string_view part, std::vector<Item>& into, EntryReader<Item> read_entry) {
    auto const* value = block.if_contains(part);
    if (value == nullptr) return {};
    auto const path = key_ + "." + std::string(part);
    auto const* entries = value->if_array();
    if (entries == nullptr) return fail(path, "expected an array of objects");
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < entries->size(); ++i) {
      auto const where = path + "[" + std::to_string(i) + "]";
      auto const* entry = (*entries)[i].if_object();
      if (entry == nullptr) return fail(where, "expected an object");
      FieldReader fields(*entry, where);
      auto item = (this->*read_entry)(fields, *entry, where);
      if (!item) return item.error();
      if (!fields.problem().empty()) return whole_path_error(fields.problem());
      if (!ids.insert(item->id).second) return fail(where + ".id", "\"" + item->id + "\" is declared twice");
      item->source = CatalogSource::config;
      into.push_back(std::move(*item));
    }
    return {};
  }

  Result<void> known_keys(json::object const& entry, std::string const& where, std::initializer_list<std::string_view> keys) {
    for (auto const& [name, value] : entry) {
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
        std::string expected;
        for (auto const key : keys) expected += (expected.empty() ? "" : ", ") + std::string(key);
        return fail(where + "." + std::string(name), "unknown key (expected one of " + expected + ")");
      }
    }
    return {};
  }

  Result<std::string> required_id(FieldReader& fields, std::string const& where) {
    auto id = fields.string("id");
    if (!fields.problem().empty()) return whole_path_error(fields.problem());
    if (!id || id->empty()) return fail(where + ".id", "expected a non-empty string");
    return std::move(*id);
  }

  std::vector<std::string> strings(json::object const& entry, std::string_view key, std::string const& where,
                                   std::string& problem) {
    std::vector<std::string> out;
    auto const* value = entry.if_contains(key);
    if (value == nullptr) return out;
    auto const* array = value->if_array();
    bool ok = array != nullptr;
    if (ok) {
      for (auto const& element : *array) {
        auto const* text = element.if_string();
        if (text == nullptr || text->empty()) {
          ok = false;
          break;
        }
        out.emplace_back(*text);
      }
    }
    if (!ok) problem = where + "." + std::string(key) + ": expected an array of non-empty strings";
    return out;
  }

  Result<Size> read_size(FieldReader& fields, json::object const& entry, std::string const& where) {
    if (auto known = known_keys(entry, where, {"id", "name", "vcpus", "memory", "memory_mib", "disk_gb", "price_hourly",
                                               "price_monthly", "currency", "regions"});
        !known)
      return known.error();
    auto id = required_id(fields, where);
    if (!id) return id.error();
    Size size;
    size.id = std::move(*id);
    size.name = fields.string("name").value_or(size.id);
    auto vcpus = fields.integer("vcpus", 1, max_vcpus);
    if (fields.problem().empty() && !vcpus) return fail(where + ".vcpus", "expected an integer from 1 to 4096");
    size.vcpus = static_cast<int>(vcpus.value_or(0));
    if (auto memory = read_memory(fields, entry, where); memory) {
      size.memory_mib = *memory;
    } else {
      return memory.error();
    }
    size.disk_gb = fields.integer("disk_gb", 0, max_disk_gb);
    auto prices = read_size_prices(config_, fields, where);
    if (!prices) return prices.error();
    size.hourly = std::move(prices->hourly);
    size.monthly = std::move(prices->monthly);
    std::string problem;
    size.regions = strings(entry, "regions", where, problem);
    if (!problem.empty()) return whole_path_error(problem);
    return size;
  }

  /// "memory": "4GiB" / "512MiB" (a unit is required: "4" is ambiguous), or "memory_mib": 4096.
  Result<std::int64_t> read_memory(FieldReader& fields, json::object const& entry, std::string const& where) {
    bool const has_text = entry.contains("memory"), has_mib = entry.contains("memory_mib");
    if (has_text == has_mib) return fail(where, "expected exactly one of \"memory\" (\"4GiB\", \"512MiB\") or \"memory_mib\"");
    if (has_mib) {
      auto mib = fields.integer("memory_mib", 1, max_memory_mib);
      if (!mib) return fail(where + ".memory_mib", "expected a positive integer (MiB)");
      return *mib;
    }
    auto const* text = entry.at("memory").if_string();
    std::string_view value = text != nullptr ? std::string_view(*text) : std::string_view();
    auto const expectation = "expected an amount with a unit, e.g. \"4GiB\" or \"512MiB\"";
    std::int64_t scale = 0;
    if (value.ends_with("GiB")) scale = 1024;
    if (value.ends_with("MiB")) scale = 1;
    if (scale == 0) return fail(where + ".memory", expectation);
    value.remove_suffix(3);
    std::int64_t amount = 0;
    if (value.empty() || value.size() > 12) return fail(where + ".memory", expectation);
    for (char c : value) {
      if (c < '0' || c > '9') return fail(where + ".memory", expectation);
      amount = amount * 10 + (c - '0');
    }
    if (amount == 0 || amount * scale > max_memory_mib) return fail(where + ".memory", "expected a positive amount");
    return amount * scale;
  }

  Result<Image> read_image(FieldReader& fields, json::object const& entry, std::string const& where) {
    if (auto known = known_keys(entry, where, {"id", "name", "os", "version", "min_disk_gb"}); !known) return known.error();
    auto id = required_id(fields, where);
    if (!id) return id.error();
    Image image;
    image.id = std::move(*id);
    image.name = fields.string("name").value_or(image.id);
    describe_image(image, {}, image.id, image.name);
    if (auto os = fields.string("os")) image.os = os_family(*os);
    if (auto version = fields.string("version")) image.version = *version;
    image.min_disk_gb = fields.integer("min_disk_gb", 0, max_disk_gb);
    return image;
  }

  Result<Region> read_region(FieldReader& fields, json::object const& entry, std::string const& where) {
    if (auto known = known_keys(entry, where, {"id", "name", "country", "zones"}); !known) return known.error();
    auto id = required_id(fields, where);
    if (!id) return id.error();
    Region region;
    region.id = std::move(*id);
    region.name = fields.string("name").value_or(region.id);
    region.country = fields.string("country").value_or("");
    if (!region.country.empty() &&
        (region.country.size() != 2 || !std::all_of(region.country.begin(), region.country.end(),
                                                    [](char c) { return c >= 'A' && c <= 'Z'; }))) {
      return fail(where + ".country", "expected an ISO 3166-1 alpha-2 code (\"GB\")");
    }
    std::string problem;
    region.zones = strings(entry, "zones", where, problem);
    if (!problem.empty()) return whole_path_error(problem);
    return region;
  }

  Error fail(std::string const& path, std::string_view what) const { return config_error(config_, path, what); }
  /// A FieldReader problem, "catalog.sizes[0].vcpus: expected …", split at its first ": ".
  Error whole_path_error(std::string const& problem) const {
    auto const colon = problem.find(": ");
    return config_error(config_, problem.substr(0, colon), colon == std::string::npos ? "" : problem.substr(colon + 2));
  }

  ProviderConfig const& config_;
  std::string key_;
};

}  // namespace

Result<SizePrices> read_size_prices(ProviderConfig const& config, FieldReader& fields, std::string const& where) {
  SizePrices prices;
  auto const currency = fields.string("currency").value_or("");
  for (auto const key : {"price_hourly", "price_monthly"}) {
    auto const amount = fields.number(key);
    if (amount && (!std::isfinite(*amount) || *amount < 0)) {
      return config_error(config, where + "." + key, "expected a number of at least 0");
    }
    if (!amount) continue;
    if (std::string_view(key) == "price_hourly") prices.hourly = hourly_price(*amount, currency, CatalogSource::config);
    else prices.monthly = monthly_price(*amount, currency, CatalogSource::config);
  }
  if (prices.monthly && !prices.hourly) {
    prices.hourly = hourly_price(prices.monthly->amount / hours_per_month, currency, CatalogSource::config);
  }
  return prices;
}

Result<ConfiguredCatalog> read_catalog(ProviderConfig const& config, std::string_view key, json::value const& block) {
  return CatalogReader(config, key).read(block);
}

}  // namespace polycloud::providers
