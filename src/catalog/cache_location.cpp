// Where a catalog is cached and under which account: the directory, the account digest and the options a
// configured provider's catalog is cached with.
#include <polycloud/catalog_cache.hpp>

#include "catalog/cache_file.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

namespace polycloud {

namespace {

namespace json = boost::json;

/// JSON text with every object's keys sorted: the same settings written in another order are the
/// same account.
void canonical(json::value const& value, std::string& out) {
  if (auto const* object = value.if_object()) {
    std::vector<std::pair<std::string_view, json::value const*>> fields;
    for (auto const& [key, child] : *object) fields.emplace_back(key, &child);
    std::sort(fields.begin(), fields.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
    out += '{';
    for (auto const& [key, child] : fields) {
      if (out.back() != '{') out += ',';
      out += json::serialize(json::string(key));
      out += ':';
      canonical(*child, out);
    }
    out += '}';
  } else if (auto const* array = value.if_array()) {
    out += '[';
    for (auto const& child : *array) {
      if (out.back() != '[') out += ',';
      canonical(child, out);
    }
    out += ']';
  } else {
    out += json::serialize(value);
  }
}

/// FNV-1a, 64 bits, as 16 hex digits: a stable name for non-secret text (it is not a credential's
/// digest: no credential is ever fed to it), not a security boundary.
std::string digest(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

bool usable(std::optional<std::string> const& value) { return value && !value->empty() && (*value)[0] == '/'; }

}  // namespace

std::string catalog_account(ProviderConfig const& config) {
  // Type, endpoint and the provider's own settings: those name the account (organization, project_id)
  // and what its catalog is made of (a declared catalog block). The credentials are common keys, held
  // apart in ProviderConfig's Secret fields, and never reach this text.
  std::string identity = config.type + '\n' + config.endpoint + '\n';
  canonical(config.settings, identity);
  return digest(identity);
}

CatalogCacheOptions catalog_cache_options(ProviderConfig const& config, bool refresh) {
  CatalogCacheOptions options;
  options.account = catalog_account(config);
  options.ttl = config.catalog_ttl;
  options.refresh = refresh;
  return options;
}

std::optional<std::filesystem::path> default_catalog_cache_directory(Environment const& env) {
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  if (auto xdg = env("XDG_CACHE_HOME"); usable(xdg)) return std::filesystem::path(*xdg) / "polycloud";
  if (auto home = env("HOME"); usable(home)) return std::filesystem::path(*home) / ".cache" / "polycloud";
  return std::nullopt;
}

namespace catalog_cache {

std::string file_name(std::string_view provider, std::string_view type, std::string_view account) {
  std::string safe;
  for (char c : provider.substr(0, 64))
    safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  std::string key(provider);
  key += '\n';
  key += type;
  key += '\n';
  key += account;
  return safe + "-" + digest(key) + ".json";
}

}  // namespace catalog_cache

}  // namespace polycloud
