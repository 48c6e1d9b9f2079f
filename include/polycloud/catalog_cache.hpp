#pragma once
// The catalog cache (issue 18 item 4): a provider's sizes, images and regions kept on disk per provider
// and account, so that resolving a spec does not list the catalog again within the TTL. One file per
// provider and account under $XDG_CACHE_HOME/polycloud/ (else ~/.cache/polycloud/), mode 0600 in a 0700
// directory, replaced atomically (a crash mid-write leaves the previous file), in a versioned JSON format.
// A file that is garbage, cut short, of another format version or of another provider is ignored with one
// warning and the catalog is listed again: the cache can make a resolution faster, never fail it.
//
// Resolving a fleet of specs: ask one CatalogCache for each provider's catalog once and resolve every
// spec against the same snapshot; an exact id missing from it costs one by-id lookup
// (Provider::find_size/find_image), which is added to the snapshot and the file, never a re-list.
//
// Threads: a CatalogCache may be shared by concurrent coroutines on any threads (its state is locked).
// Two concurrent misses for one provider may each list it; the last listing written wins. A call keeps
// what it needs of the cache, so the CatalogCache may be destroyed before the call completes (the
// Provider must outlive it).

#include <polycloud/catalog.hpp>
#include <polycloud/config.hpp>
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polycloud {

namespace detail {
struct CatalogCacheState;
}

/// How long a cached catalog is used before it is listed again, unless the config's `catalog_ttl_s` says.
inline constexpr std::chrono::seconds default_catalog_ttl{3600};

/// One provider's use of the cache.
struct CatalogCacheOptions {
  CatalogCacheOptions() {}  // not an aggregate (see CallOptions)

  /// Which account the catalog belongs to: catalog_account(config) for a configured provider. Empty:
  /// the provider's type and name only (a program's own provider without a config).
  std::string account;
  /// A cached catalog older than this is listed again; 0: every call lists again (and rewrites the file).
  std::chrono::seconds ttl = default_catalog_ttl;
  /// Bypass what was cached before this CatalogCache listed the provider (the CLI's --refresh): list
  /// again and rewrite the file. A catalog this object listed itself is still reused within the TTL,
  /// so a fleet of specs resolved with `refresh` lists each provider once.
  bool refresh = false;
  /// The deadline and page size of the listings and by-id lookups it sends.
  CatalogOptions listing;
};

/// The options a configured provider's catalog is cached with: its account and its `catalog_ttl_s`.
CatalogCacheOptions catalog_cache_options(ProviderConfig const& config, bool refresh = false);

/// A stable digest (hex) of what makes one account's catalog: the provider type, the endpoint and the
/// provider's own settings (organization, project_id, a declared catalog…), never a credential: the
/// token, api_key, token_command and oauth keys are not part of it, in any form.
std::string catalog_account(ProviderConfig const& config);

/// $XDG_CACHE_HOME/polycloud when XDG_CACHE_HOME is set (and absolute), else $HOME/.cache/polycloud;
/// empty when neither is usable.
std::optional<std::filesystem::path> default_catalog_cache_directory(Environment const& env = process_environment());

struct CatalogCacheSettings {
  CatalogCacheSettings() {}  // not an aggregate (see CallOptions)

  /// Where the files are; empty: default_catalog_cache_directory(). Created (0700) when first written.
  std::optional<std::filesystem::path> directory;
  /// false: no file is read or written; catalogs are kept in memory for this object's life only.
  bool persist = true;
  /// The wall clock the TTL is measured on (files outlive the process); empty: system_clock::now.
  std::function<std::chrono::system_clock::time_point()> now;
  /// Receives each warning (a cache file ignored, a directory that cannot be used), one line, no
  /// credential in it. Empty: they are kept in warnings() only.
  std::function<void(std::string const&)> warn;
};

class CatalogCache {
 public:
  explicit CatalogCache(CatalogCacheSettings settings = {});
  ~CatalogCache();
  CatalogCache(CatalogCache const&) = delete;
  CatalogCache& operator=(CatalogCache const&) = delete;

  /// The provider's catalog: the parts its capabilities() list (a part it cannot list stays empty),
  /// from memory or the cache file when fresh, else listed and written. A listing's error is returned
  /// and nothing is written; a cache problem is only a warning.
  boost::asio::awaitable<Result<std::shared_ptr<Catalog const>>> catalog(Provider& provider,
                                                                         CatalogCacheOptions options);

  /// The size with exactly this id: from the cached catalog, else one Provider::find_size (whose find
  /// joins the cached catalog; an id the provider does not know is remembered for this object's life).
  /// Empty when the provider has no such size. A provider that lists no sizes is asked directly.
  boost::asio::awaitable<Result<std::optional<Size>>> find_size(Provider& provider, std::string id,
                                                                CatalogCacheOptions options);
  /// The same for images (Provider::find_image).
  boost::asio::awaitable<Result<std::optional<Image>>> find_image(Provider& provider, std::string id,
                                                                  CatalogCacheOptions options);

  /// Every warning given so far, in order (also those passed to CatalogCacheSettings::warn).
  std::vector<std::string> warnings() const;
  /// The file a provider's catalog is cached in; empty when nothing is persisted.
  std::optional<std::filesystem::path> file_for(Provider const& provider, CatalogCacheOptions const& options) const;

 private:
  std::shared_ptr<detail::CatalogCacheState> state_;
};

}  // namespace polycloud
