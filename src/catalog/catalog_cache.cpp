// The catalog cache: memory first (one snapshot per provider and account, shared by every resolution of
// this object), then the provider's file, then a listing, which is written back. See catalog_cache.hpp.
#include <polycloud/catalog_cache.hpp>

#include "catalog/cache_file.hpp"
#include "core/bounded_file.hpp"
#include "core/private_file.hpp"

#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <unistd.h>

namespace polycloud {

namespace {

namespace asio = boost::asio;
using catalog_cache::CachedCatalog;
using catalog_cache::Identity;
using catalog_cache::Parts;
using WallClock = std::chrono::system_clock;

/// A cache file larger than this is not one we wrote (10,000 images take about 2 MiB).
constexpr std::size_t max_cache_file_bytes = 64u << 20;

Parts parts_listed_by(Provider const& provider) {
  auto const capabilities = provider.capabilities();
  return Parts{capabilities.catalog_sizes, capabilities.catalog_images, capabilities.catalog_regions};
}

bool fresh(WallClock::time_point written_at, WallClock::time_point now, std::chrono::seconds ttl) {
  // A file from the future (a clock set back, another host's clock) is not trusted to be fresh.
  return written_at <= now && now - written_at < ttl;
}

/// The parts `wanted` lists, one after the other. (Not concurrently with awaitable operators: g++ 12.2
/// miscompiled the pagers' temporaries in that co_await expression and crashed; a catalog is listed
/// once per TTL, so three round trips in a row cost little.)
asio::awaitable<Result<Catalog>> list_catalog(Provider& provider, Parts wanted, CatalogOptions const& options) {
  Catalog catalog;
  if (wanted.sizes) {
    auto sizes = co_await collect(provider.sizes(options));
    if (!sizes) co_return sizes.error();
    catalog.sizes = std::move(*sizes);
  }
  if (wanted.images) {
    auto images = co_await collect(provider.images(options));
    if (!images) co_return images.error();
    catalog.images = std::move(*images);
  }
  if (wanted.regions) {
    auto regions = co_await collect(provider.regions(options));
    if (!regions) co_return regions.error();
    catalog.regions = std::move(*regions);
  }
  co_return catalog;
}

}  // namespace

/// One provider's catalog as this object holds it.
struct CachedEntry {
  std::shared_ptr<Catalog const> catalog;
  Parts parts;
  WallClock::time_point written_at;
  bool listed_here = false;  ///< listed by this object (a --refresh has been served)
  std::set<std::string> unknown_sizes, unknown_images;  ///< ids the provider said it has not
};

struct detail::CatalogCacheState {
  CatalogCacheSettings settings;
  std::mutex mutex;
  std::optional<std::filesystem::path> directory;  ///< where files go; empty: memory only
  bool directory_checked = false;
  std::vector<std::string> warnings;
  std::map<std::string, CachedEntry> entries;  ///< by file name: one per provider, type and account

  WallClock::time_point now() const { return settings.now ? settings.now() : WallClock::now(); }

  void warn(std::string text) {
    std::function<void(std::string const&)> sink;
    {
      std::lock_guard lock(mutex);
      warnings.push_back(text);
      sink = settings.warn;
    }
    if (sink) sink(text);
  }

  /// The directory to use, created 0700 on first use; an unusable one is warned about once and the
  /// cache then works in memory only.
  std::optional<std::filesystem::path> usable_directory() {
    std::string problem;
    {
      std::lock_guard lock(mutex);
      if (directory_checked) return directory;
      directory_checked = true;
      if (!directory) return directory;
      problem = make_private_directories(*directory);
      if (problem.empty() && ::access(directory->c_str(), R_OK | W_OK | X_OK) != 0)
        problem = "cannot use " + directory->string() + ": " + std::generic_category().message(errno);
      if (problem.empty()) return directory;
      directory.reset();
    }
    warn("catalog cache directory unusable (" + problem + "); catalogs are listed without a cache");
    return std::nullopt;
  }

  /// The file's catalog for `identity`, or nothing (absent: silently; unusable: with one warning).
  std::optional<CachedCatalog> read(std::filesystem::path const& file, Identity const& identity) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) return std::nullopt;
    auto text = read_bounded_file(file, max_cache_file_bytes, FileKinds::regular_only);
    std::string problem = text.failure;
    if (problem.empty()) {
      auto decoded = catalog_cache::decode(text.text, identity);
      if (auto* cached = std::get_if<CachedCatalog>(&decoded)) return std::move(*cached);
      problem = std::get<std::string>(decoded);
    }
    warn("catalog cache " + file.string() + " ignored (" + problem + "); the catalog is listed again");
    return std::nullopt;
  }

  /// This object's snapshot of `key` when it serves: every part wanted, fresh, and (with refresh)
  /// listed by this object itself.
  std::shared_ptr<Catalog const> held(std::string const& key, Parts const& wanted, WallClock::time_point now,
                                      CatalogCacheOptions const& options) {
    std::lock_guard lock(mutex);
    auto const found = entries.find(key);
    if (found == entries.end()) return nullptr;
    auto const& entry = found->second;
    if (!entry.parts.covers(wanted) || !fresh(entry.written_at, now, options.ttl)) return nullptr;
    if (options.refresh && !entry.listed_here) return nullptr;
    return entry.catalog;
  }

  void write(std::filesystem::path const& file, CachedCatalog const& cached) {
    if (auto failure = write_private_file_atomically(file, catalog_cache::encode(cached)); !failure.empty())
      warn("catalog cache not written (" + failure + ")");
  }
};

CatalogCache::CatalogCache(CatalogCacheSettings settings) : state_(std::make_shared<detail::CatalogCacheState>()) {
  if (settings.persist && !settings.directory) settings.directory = default_catalog_cache_directory();
  state_->directory = settings.persist ? settings.directory : std::nullopt;
  bool const no_home = settings.persist && !state_->directory;
  state_->settings = std::move(settings);
  if (no_home) state_->warn("catalog cache unusable (neither XDG_CACHE_HOME nor HOME is set); catalogs are listed without a cache");
}

CatalogCache::~CatalogCache() = default;

std::vector<std::string> CatalogCache::warnings() const {
  std::lock_guard lock(state_->mutex);
  return state_->warnings;
}

std::optional<std::filesystem::path> CatalogCache::file_for(Provider const& provider,
                                                            CatalogCacheOptions const& options) const {
  std::lock_guard lock(state_->mutex);
  if (!state_->directory) return std::nullopt;
  return *state_->directory / catalog_cache::file_name(provider.name(), provider.type(), options.account);
}

namespace {

/// CatalogCache::catalog, holding a share of the state: the coroutine starts when it is awaited, by
/// when a CatalogCache made for one call (`co_await CatalogCache().catalog(…)`) may be gone.
asio::awaitable<Result<std::shared_ptr<Catalog const>>> catalog_of(std::shared_ptr<detail::CatalogCacheState> state,
                                                                   Provider& provider, CatalogCacheOptions options) {
  Identity const identity{provider.name(), std::string(provider.type()), options.account};
  auto const key = catalog_cache::file_name(identity.provider, identity.type, identity.account);
  auto const wanted = parts_listed_by(provider);
  if (wanted == Parts{}) co_return std::make_shared<Catalog const>();  // nothing to list, nothing to keep
  auto const now = state->now();
  if (auto held = state->held(key, wanted, now, options)) co_return held;
  auto const directory = state->usable_directory();
  std::optional<std::filesystem::path> file;
  if (directory) file = *directory / key;
  if (file && !options.refresh) {
    if (auto cached = state->read(*file, identity);
        cached && cached->parts.covers(wanted) && fresh(cached->written_at, now, options.ttl)) {
      auto snapshot = std::make_shared<Catalog const>(std::move(cached->catalog));
      std::lock_guard lock(state->mutex);
      state->entries[key] = CachedEntry{snapshot, cached->parts, cached->written_at, false, {}, {}};
      co_return snapshot;
    }
  }
  auto listed = co_await list_catalog(provider, wanted, options.listing);
  if (!listed) co_return listed.error();
  CachedCatalog cached{identity, now, wanted, std::move(*listed)};
  if (file) state->write(*file, cached);
  auto snapshot = std::make_shared<Catalog const>(std::move(cached.catalog));
  std::lock_guard lock(state->mutex);
  state->entries[key] = CachedEntry{snapshot, wanted, now, true, {}, {}};
  co_return snapshot;
}

}  // namespace

asio::awaitable<Result<std::shared_ptr<Catalog const>>> CatalogCache::catalog(Provider& provider,
                                                                              CatalogCacheOptions options) {
  return catalog_of(state_, provider, std::move(options));
}

namespace {

/// Where find_size and find_image differ: which part, which list, which memo and which by-id lookup.
template <class Item>
struct PartAccess {
  bool Parts::*listed;
  std::vector<Item> Catalog::*items;
  std::set<std::string> CachedEntry::*unknown;
  asio::awaitable<Result<std::optional<Item>>> (Provider::*find)(std::string, CallOptions);
};

PartAccess<Size> const size_part{&Parts::sizes, &Catalog::sizes, &CachedEntry::unknown_sizes, &Provider::find_size};
PartAccess<Image> const image_part{&Parts::images, &Catalog::images, &CachedEntry::unknown_images,
                                   &Provider::find_image};

template <class Item>
asio::awaitable<Result<std::optional<Item>>> find_item(std::shared_ptr<detail::CatalogCacheState> state,
                                                       Provider& provider, std::string id,
                                                       CatalogCacheOptions options, PartAccess<Item> const& part) {
  if (!(parts_listed_by(provider).*part.listed)) co_return co_await (provider.*part.find)(id, options.listing.call);
  auto snapshot = co_await catalog_of(state, provider, options);
  if (!snapshot) co_return snapshot.error();
  for (auto const& item : (**snapshot).*part.items)
    if (item.id == id) co_return std::optional<Item>(item);
  auto const key = catalog_cache::file_name(provider.name(), provider.type(), options.account);
  bool known_unknown = false;
  {
    std::lock_guard lock(state->mutex);
    auto const entry = state->entries.find(key);
    known_unknown = entry != state->entries.end() && (entry->second.*part.unknown).contains(id);
  }
  if (known_unknown) co_return std::optional<Item>();
  // Not in the catalog: one by-id lookup, never a re-list (the catalog may simply predate the entry).
  auto found = co_await (provider.*part.find)(id, options.listing.call);
  if (!found) co_return found.error();
  std::optional<CachedCatalog> to_write;
  {
    std::lock_guard lock(state->mutex);
    auto& entry = state->entries[key];
    if (!*found) {
      (entry.*part.unknown).insert(id);  // for this object's life only: it may be added any time
    } else if (entry.catalog) {
      // The find joins the snapshot (a new one: callers may hold the old) and the file, which keeps the
      // listing's time: a find does not make the rest of the catalog any fresher.
      auto grown = std::make_shared<Catalog>(*entry.catalog);
      (grown.get()->*part.items).push_back(**found);
      entry.catalog = grown;
      Identity identity{provider.name(), std::string(provider.type()), options.account};
      to_write = CachedCatalog{std::move(identity), entry.written_at, entry.parts, *grown};
    }
  }
  if (auto const directory = state->usable_directory(); to_write && directory) state->write(*directory / key, *to_write);
  co_return found;
}

}  // namespace

asio::awaitable<Result<std::optional<Size>>> CatalogCache::find_size(Provider& provider, std::string id,
                                                                     CatalogCacheOptions options) {
  return find_item(state_, provider, std::move(id), std::move(options), size_part);
}

asio::awaitable<Result<std::optional<Image>>> CatalogCache::find_image(Provider& provider, std::string id,
                                                                       CatalogCacheOptions options) {
  return find_item(state_, provider, std::move(id), std::move(options), image_part);
}

}  // namespace polycloud
