#pragma once
// The catalog cache's file format (Boost.JSON): what one file holds and how it is checked on reading.
// Pure: no I/O, so the format's every refusal is tested on text alone.
//
//   {"format": "polycloud-catalog-cache", "version": 1,
//    "provider": "alg", "type": "openscaler", "account": "<hex>", "written_at": <Unix seconds>,
//    "parts": ["sizes", "images", "regions"], "sizes": […], "images": […], "regions": […]}
//
// A reader refuses (and the cache ignores) anything else: another format or version, another provider,
// type or account, a missing or mistyped field. A new version of the format gets a new number; an old
// file is then simply listed again.

#include <polycloud/catalog.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace polycloud::catalog_cache {

inline constexpr std::string_view format_name = "polycloud-catalog-cache";
inline constexpr std::int64_t format_version = 1;

/// Which parts of a catalog a file holds (those the provider could list when it was written).
struct Parts {
  bool sizes = false;
  bool images = false;
  bool regions = false;
  /// True when every part `needed` asks for is here.
  bool covers(Parts const& needed) const noexcept {
    return (sizes || !needed.sizes) && (images || !needed.images) && (regions || !needed.regions);
  }
  friend bool operator==(Parts const&, Parts const&) = default;
};

/// Whose catalog a file is: a file is used only for the provider, type and account it was written for.
struct Identity {
  std::string provider;  ///< configured name
  std::string type;
  std::string account;   ///< catalog_account(): a digest, never a credential
  friend bool operator==(Identity const&, Identity const&) = default;
};

struct CachedCatalog {
  Identity identity;
  std::chrono::system_clock::time_point written_at;  ///< when the listing it holds was made
  Parts parts;
  Catalog catalog;
};

std::string encode(CachedCatalog const& cached);

/// The file's name in the cache directory (cache_location.cpp): "<name>-<digest>.json", the configured
/// name's file-safe characters for whoever looks, and a digest of name, type and account so that no two
/// providers or accounts share a file.
std::string file_name(std::string_view provider, std::string_view type, std::string_view account);

/// The catalog the text holds for `expected`, or why it holds none ("not valid JSON: …", "format
/// version 7, not 1", "written for provider kat", "sizes[3].vcpus: expected an integer"): one phrase
/// for a warning.
std::variant<CachedCatalog, std::string> decode(std::string_view text, Identity const& expected);

}  // namespace polycloud::catalog_cache
