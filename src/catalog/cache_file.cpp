#include "catalog/cache_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <limits>
#include <optional>

namespace polycloud::catalog_cache {

namespace {

namespace json = boost::json;

std::array<CatalogSource, 3> const sources{CatalogSource::api, CatalogSource::config, CatalogSource::observed};

json::array strings(std::vector<std::string> const& values) {
  json::array out;
  for (auto const& value : values) out.emplace_back(value);
  return out;
}

json::value price(std::optional<Price> const& price) {
  if (!price) return nullptr;
  return json::object{{"amount", price->amount},
                      {"currency", price->currency},
                      {"period", price->period == Price::Period::hour ? "hour" : "month"},
                      {"source", to_string(price->source)}};
}

json::value optional_integer(std::optional<std::int64_t> value) {
  if (!value) return nullptr;
  return *value;
}

json::object size_object(Size const& size) {
  return {{"id", size.id},
          {"name", size.name},
          {"vcpus", size.vcpus},
          {"memory_mib", size.memory_mib},
          {"disk_gb", optional_integer(size.disk_gb)},
          {"hourly", price(size.hourly)},
          {"monthly", price(size.monthly)},
          {"regions", strings(size.regions)},
          {"source", to_string(size.source)}};
}

json::object image_object(Image const& image) {
  return {{"id", image.id},
          {"name", image.name},
          {"os", image.os},
          {"version", image.version},
          {"min_disk_gb", optional_integer(image.min_disk_gb)},
          {"source", to_string(image.source)}};
}

json::object region_object(Region const& region) {
  return {{"id", region.id},
          {"name", region.name},
          {"country", region.country},
          {"zones", strings(region.zones)},
          {"source", to_string(region.source)}};
}

template <class Item, class ToObject>
json::array items(std::vector<Item> const& list, ToObject to_object) {
  json::array out;
  out.reserve(list.size());
  for (auto const& item : list) out.emplace_back(to_object(item));
  return out;
}

/// Typed reads of a decoded file; the first problem is kept (with its path) and every read after it fails.
class Reader {
 public:
  std::string problem;

  bool fail(std::string const& path, std::string_view what) {
    if (problem.empty()) problem = path + ": " + std::string(what);
    return false;
  }

  json::value const* field(json::object const& object, std::string_view key, std::string const& path) {
    auto const* value = object.if_contains(key);
    if (!value) fail(path + std::string(key), "missing");
    return value;
  }

  bool text(json::object const& object, std::string_view key, std::string const& path, std::string& out) {
    auto const* value = field(object, key, path);
    if (!value) return false;
    if (!value->is_string()) return fail(path + std::string(key), "expected a string");
    out = std::string(value->get_string());
    return true;
  }

  bool integer(json::object const& object, std::string_view key, std::string const& path, std::int64_t& out,
               std::int64_t min = 0, std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    auto const* value = field(object, key, path);
    if (!value) return false;
    if (!value->is_int64() || value->get_int64() < min || value->get_int64() > max)
      return fail(path + std::string(key), "expected an integer from " + std::to_string(min));
    out = value->get_int64();
    return true;
  }

  bool optional_integer(json::object const& object, std::string_view key, std::string const& path,
                        std::optional<std::int64_t>& out) {
    auto const* value = field(object, key, path);
    if (!value) return false;
    if (value->is_null()) return true;
    std::int64_t n = 0;
    if (!integer(object, key, path, n)) return false;
    out = n;
    return true;
  }

  bool texts(json::object const& object, std::string_view key, std::string const& path,
             std::vector<std::string>& out) {
    auto const* value = field(object, key, path);
    if (!value) return false;
    if (!value->is_array()) return fail(path + std::string(key), "expected an array of strings");
    for (auto const& element : value->get_array()) {
      if (!element.is_string()) return fail(path + std::string(key), "expected an array of strings");
      out.emplace_back(element.get_string());
    }
    return true;
  }

  bool source(json::object const& object, std::string_view key, std::string const& path, CatalogSource& out) {
    std::string name;
    if (!text(object, key, path, name)) return false;
    for (auto candidate : sources)
      if (to_string(candidate) == name) {
        out = candidate;
        return true;
      }
    return fail(path + std::string(key), "expected api, config or observed");
  }

  bool price(json::object const& object, std::string_view key, std::string const& path, std::optional<Price>& out) {
    auto const* value = field(object, key, path);
    if (!value) return false;
    if (value->is_null()) return true;
    std::string const inner = path + std::string(key) + ".";
    if (!value->is_object()) return fail(path + std::string(key), "expected an object or null");
    auto const& fields = value->get_object();
    Price read;
    auto const* amount = field(fields, "amount", inner);
    if (!amount) return false;
    if (!amount->is_number()) return fail(inner + "amount", "expected a number");
    read.amount = amount->to_number<double>();
    std::string period;
    if (!text(fields, "currency", inner, read.currency) || !text(fields, "period", inner, period) ||
        !source(fields, "source", inner, read.source))
      return false;
    if (period != "hour" && period != "month") return fail(inner + "period", "expected hour or month");
    read.period = period == "hour" ? Price::Period::hour : Price::Period::month;
    out = std::move(read);
    return true;
  }

  json::object const* object_at(json::value const& value, std::string const& path) {
    if (!value.is_object()) {
      fail(path, "expected an object");
      return nullptr;
    }
    return &value.get_object();
  }
};

bool read_size(Reader& reader, json::object const& object, std::string const& path, Size& size) {
  std::int64_t vcpus = 0;
  return reader.text(object, "id", path, size.id) && reader.text(object, "name", path, size.name) &&
         reader.integer(object, "vcpus", path, vcpus, 0, std::numeric_limits<int>::max()) &&
         ((size.vcpus = static_cast<int>(vcpus)), true) &&
         reader.integer(object, "memory_mib", path, size.memory_mib) &&
         reader.optional_integer(object, "disk_gb", path, size.disk_gb) &&
         reader.price(object, "hourly", path, size.hourly) && reader.price(object, "monthly", path, size.monthly) &&
         reader.texts(object, "regions", path, size.regions) && reader.source(object, "source", path, size.source);
}

bool read_image(Reader& reader, json::object const& object, std::string const& path, Image& image) {
  return reader.text(object, "id", path, image.id) && reader.text(object, "name", path, image.name) &&
         reader.text(object, "os", path, image.os) && reader.text(object, "version", path, image.version) &&
         reader.optional_integer(object, "min_disk_gb", path, image.min_disk_gb) &&
         reader.source(object, "source", path, image.source);
}

bool read_region(Reader& reader, json::object const& object, std::string const& path, Region& region) {
  return reader.text(object, "id", path, region.id) && reader.text(object, "name", path, region.name) &&
         reader.text(object, "country", path, region.country) && reader.texts(object, "zones", path, region.zones) &&
         reader.source(object, "source", path, region.source);
}

/// Reads the array under `key` (an absent part is an empty list: the parts say which are meaningful).
template <class Item, class ReadItem>
bool read_items(Reader& reader, json::object const& root, std::string_view key, bool present,
                std::vector<Item>& out, ReadItem read_item) {
  if (!present) return true;
  auto const* value = reader.field(root, key, "");
  if (!value) return false;
  if (!value->is_array()) return reader.fail(std::string(key), "expected an array");
  out.reserve(value->get_array().size());
  std::size_t index = 0;
  for (auto const& element : value->get_array()) {
    std::string const path = std::string(key) + "[" + std::to_string(index++) + "]";
    auto const* object = reader.object_at(element, path);
    if (!object) return false;
    Item item;
    if (!read_item(reader, *object, path + ".", item)) return false;
    out.push_back(std::move(item));
  }
  return true;
}

bool read_parts(Reader& reader, json::object const& root, Parts& parts) {
  std::vector<std::string> names;
  if (!reader.texts(root, "parts", "", names)) return false;
  for (auto const& name : names) {
    if (name == "sizes") parts.sizes = true;
    else if (name == "images") parts.images = true;
    else if (name == "regions") parts.regions = true;
    else return reader.fail("parts", "unknown part " + json::serialize(json::string(name)));
  }
  return true;
}

/// The file's identity against the expected one, as a phrase ("written for provider kat").
std::optional<std::string> identity_problem(Identity const& found, Identity const& expected) {
  if (found.provider != expected.provider)
    return "written for provider " + json::serialize(json::string(found.provider)) + ", not " + expected.provider;
  if (found.type != expected.type)
    return "written for provider type " + json::serialize(json::string(found.type)) + ", not " + expected.type;
  if (found.account != expected.account) return "written for another account of " + expected.provider;
  return std::nullopt;
}

}  // namespace

std::string encode(CachedCatalog const& cached) {
  json::array parts;
  if (cached.parts.sizes) parts.emplace_back("sizes");
  if (cached.parts.images) parts.emplace_back("images");
  if (cached.parts.regions) parts.emplace_back("regions");
  auto const written = std::chrono::duration_cast<std::chrono::seconds>(cached.written_at.time_since_epoch());
  json::object root{{"format", format_name},
                    {"version", format_version},
                    {"provider", cached.identity.provider},
                    {"type", cached.identity.type},
                    {"account", cached.identity.account},
                    {"written_at", written.count()},
                    {"parts", std::move(parts)}};
  if (cached.parts.sizes) root["sizes"] = items(cached.catalog.sizes, size_object);
  if (cached.parts.images) root["images"] = items(cached.catalog.images, image_object);
  if (cached.parts.regions) root["regions"] = items(cached.catalog.regions, region_object);
  return json::serialize(root) + "\n";
}

std::variant<CachedCatalog, std::string> decode(std::string_view text, Identity const& expected) {
  json::parse_options options;
  options.max_depth = 8;  // the format nests 4 deep: deeper is not this format
  boost::system::error_code ec;
  json::value root = json::parse(text, ec, {}, options);
  if (ec) return "not valid JSON (" + ec.message() + ")";
  if (!root.is_object()) return std::string("not a JSON object");
  auto const& object = root.get_object();
  auto const* format = object.if_contains("format");
  if (!format || !format->is_string() || format->get_string() != format_name)
    return "not a polycloud catalog cache (no \"format\": \"" + std::string(format_name) + "\")";
  auto const* version = object.if_contains("version");
  if (!version || !version->is_int64() || version->get_int64() != format_version)
    return "format version " + (version ? json::serialize(*version) : std::string("(none)")) + ", not " +
           std::to_string(format_version);

  Reader reader;
  CachedCatalog cached;
  std::int64_t written_at = 0;
  if (!reader.text(object, "provider", "", cached.identity.provider) ||
      !reader.text(object, "type", "", cached.identity.type) ||
      !reader.text(object, "account", "", cached.identity.account))
    return reader.problem;
  if (auto problem = identity_problem(cached.identity, expected)) return *problem;
  if (!reader.integer(object, "written_at", "", written_at) || !read_parts(reader, object, cached.parts) ||
      !read_items(reader, object, "sizes", cached.parts.sizes, cached.catalog.sizes, read_size) ||
      !read_items(reader, object, "images", cached.parts.images, cached.catalog.images, read_image) ||
      !read_items(reader, object, "regions", cached.parts.regions, cached.catalog.regions, read_region))
    return reader.problem;
  cached.written_at = std::chrono::system_clock::time_point(std::chrono::seconds(written_at));
  return cached;
}

}  // namespace polycloud::catalog_cache
