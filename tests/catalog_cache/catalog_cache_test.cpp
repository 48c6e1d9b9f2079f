// The catalog cache over a counting provider: what each resolution costs in listings and by-id lookups,
// the TTL on an injected clock (no sleeps), refresh, and every cache file problem being a warning only.
#include <polycloud/catalog_cache.hpp>
#include <polycloud/config.hpp>

#include "counting_catalog_provider.hpp"
#include "scratch_dir.hpp"
#include "tests/core/run_coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <doctest/doctest.h>

#include <future>

#include <sys/stat.h>

using namespace polycloud;
using namespace std::chrono_literals;
using polycloud::test::CountingCatalogProvider;
using polycloud::test::read_text;
using polycloud::test::sample_catalog;
using polycloud::test::ScratchDir;
using polycloud::test::write_text;
using WallClock = std::chrono::system_clock;

namespace {

/// A cache over one scratch directory and a clock the test moves.
struct Fixture {
  ScratchDir dir;
  WallClock::time_point now = WallClock::time_point(std::chrono::seconds(1'765'000'000));
  std::vector<std::string> warned;
  CountingCatalogProvider provider{"alg"};
  CatalogCacheOptions options;

  Fixture() {
    provider.catalog = sample_catalog();
    options.account = "acct";
  }

  /// A new cache object, as the next process would make: it knows only the files.
  std::unique_ptr<CatalogCache> cache() {
    CatalogCacheSettings settings;
    settings.directory = dir.path / "polycloud";
    settings.now = [this] { return now; };
    settings.warn = [this](std::string const& text) { warned.push_back(text); };
    return std::make_unique<CatalogCache>(std::move(settings));
  }

  Result<std::shared_ptr<Catalog const>> resolve(CatalogCache& cache) {
    return run_coro([&] { return cache.catalog(provider, options); });
  }

  std::filesystem::path file(CatalogCache& cache) { return cache.file_for(provider, options).value(); }

  /// Lists once (writing the file), then rewrites the file as `edit` says; returns the file.
  template <class Edit>
  std::filesystem::path written_then_edited(Edit edit) {
    auto first = cache();
    REQUIRE(resolve(*first).has_value());
    auto const written = file(*first);
    write_text(written, edit(read_text(written)));
    return written;
  }
};

}  // namespace

TEST_CASE("a second resolution within the TTL lists nothing - from memory or from the file") {
  Fixture f;
  auto first_process = f.cache();
  auto listed = f.resolve(*first_process);
  REQUIRE(listed.has_value());
  CHECK(**listed == sample_catalog());
  CHECK(f.provider.size_listings == 1);
  CHECK(f.provider.image_listings == 1);
  CHECK(f.provider.region_listings == 1);

  auto again = f.resolve(*first_process);
  REQUIRE(again.has_value());
  CHECK(again->get() == listed->get());  // the same snapshot, shared

  f.now += 59min;
  auto next_process = f.cache();
  auto cached = f.resolve(*next_process);
  REQUIRE(cached.has_value());
  CHECK(**cached == sample_catalog());
  CHECK(f.provider.listings() == 3);
  CHECK(f.warned.empty());
}

TEST_CASE("a miss lists only the parts the provider's capabilities name") {
  Fixture f;
  Capabilities sizes_only;
  sizes_only.catalog_sizes = true;
  f.provider.set_capabilities(sizes_only);
  auto cache = f.cache();
  auto listed = f.resolve(*cache);
  REQUIRE(listed.has_value());
  CHECK((*listed)->sizes.size() == 2);
  CHECK((*listed)->images.empty());
  CHECK(f.provider.image_listings + f.provider.region_listings == 0);

  // The adapter learns to list images: the file lacks them, so it is listed again, whole.
  Capabilities more = sizes_only;
  more.catalog_images = true;
  f.provider.set_capabilities(more);
  auto relisted = f.resolve(*f.cache());
  REQUIRE(relisted.has_value());
  CHECK((*relisted)->images.size() == 2);
  CHECK(f.provider.size_listings == 2);
  CHECK(f.warned.empty());
}

TEST_CASE("a provider that lists no catalog part gets an empty catalog without a request") {
  Fixture f;
  f.provider.set_capabilities(Capabilities{});
  auto cache = f.cache();
  auto listed = f.resolve(*cache);
  REQUIRE(listed.has_value());
  CHECK(**listed == Catalog{});
  CHECK(f.provider.listings() == 0);
  CHECK_FALSE(std::filesystem::exists(f.dir.path / "polycloud"));  // and no file
  // Its by-id lookups go straight to the provider.
  auto found = run_coro([&] { return cache->find_size(f.provider, "s-1", f.options); });
  REQUIRE(found.has_value());
  CHECK(found->value().name == "small");
  CHECK(f.provider.size_finds == 1);
}

TEST_CASE("a cached catalog is listed again once the TTL has passed - in memory and on disk") {
  Fixture f;
  f.options.ttl = 600s;
  auto cache = f.cache();
  REQUIRE(f.resolve(*cache).has_value());
  f.now += 599s;
  REQUIRE(f.resolve(*cache).has_value());
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 1);
  f.now += 1s;
  REQUIRE(f.resolve(*cache).has_value());
  CHECK(f.provider.size_listings == 2);
  // The new listing rewrote the file with its own time: another process finds it fresh.
  f.now += 599s;
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 2);
}

TEST_CASE("a cache file written in the future is not trusted to be fresh") {
  Fixture f;
  REQUIRE(f.resolve(*f.cache()).has_value());
  f.now -= 1h;  // the clock was set back
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 2);
}

TEST_CASE("a TTL of 0 lists again on every resolution") {
  Fixture f;
  f.options.ttl = 0s;
  auto cache = f.cache();
  REQUIRE(f.resolve(*cache).has_value());
  REQUIRE(f.resolve(*cache).has_value());
  CHECK(f.provider.size_listings == 2);
}

TEST_CASE("refresh bypasses a fresh file and then reuses its own listing") {
  Fixture f;
  REQUIRE(f.resolve(*f.cache()).has_value());
  f.provider.catalog.sizes.pop_back();  // the provider changed since
  f.options.refresh = true;
  auto cache = f.cache();
  auto refreshed = f.resolve(*cache);
  REQUIRE(refreshed.has_value());
  CHECK((*refreshed)->sizes.size() == 1);
  CHECK(f.provider.size_listings == 2);
  // A fleet of specs resolved with --refresh lists each provider once.
  REQUIRE(f.resolve(*cache).has_value());
  CHECK(f.provider.size_listings == 2);
  // And the file holds the refreshed catalog.
  f.options.refresh = false;
  auto next = f.resolve(*f.cache());
  REQUIRE(next.has_value());
  CHECK((*next)->sizes.size() == 1);
  CHECK(f.provider.size_listings == 2);
}

TEST_CASE("a garbage cache file is ignored with one warning and replaced by a good one") {
  Fixture f;
  auto cache = f.cache();
  auto const file = f.file(*cache);
  std::filesystem::create_directories(file.parent_path());
  write_text(file, "\x01\x02 not a catalog {");
  auto listed = f.resolve(*cache);
  REQUIRE(listed.has_value());  // never fatal
  CHECK(**listed == sample_catalog());
  REQUIRE(f.warned.size() == 1);
  CHECK(f.warned[0].starts_with("catalog cache " + file.string() + " ignored (not valid JSON"));
  CHECK(f.warned[0].ends_with("; the catalog is listed again"));
  CHECK(cache->warnings() == f.warned);
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 1);  // listed once: the rewritten file served the next process
  CHECK(f.warned.size() == 1);
}

TEST_CASE("a truncated cache file is ignored with one warning") {
  Fixture f;
  f.written_then_edited([](std::string text) {
    return text.substr(0, text.size() - 40);  // cut short, as a full disk would
  });
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 2);
  REQUIRE(f.warned.size() == 1);
  CHECK(f.warned[0].find("ignored (not valid JSON") != std::string::npos);
}

TEST_CASE("a cache file of another format version is ignored with one warning") {
  Fixture f;
  auto const file = f.written_then_edited([](std::string text) {
    auto const version = text.find("\"version\":1");
    REQUIRE(version != std::string::npos);
    return text.replace(version, 11, "\"version\":99");
  });
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 2);
  REQUIRE(f.warned.size() == 1);
  CHECK(f.warned[0] == "catalog cache " + file.string() +
                           " ignored (format version 99, not 1); the catalog is listed again");
}

TEST_CASE("another provider's cache file in this provider's place is ignored with one warning") {
  Fixture f;
  CountingCatalogProvider other("kat");
  other.catalog = sample_catalog();
  auto cache = f.cache();
  REQUIRE(run_coro([&] { return cache->catalog(other, f.options); }).has_value());
  auto const mine = f.file(*cache);
  std::filesystem::copy_file(cache->file_for(other, f.options).value(), mine);
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 1);
  REQUIRE(f.warned.size() == 1);
  CHECK(f.warned[0].find("ignored (written for provider \"kat\", not alg)") != std::string::npos);
}

TEST_CASE("providers and accounts get files of their own") {
  Fixture f;
  auto cache = f.cache();
  CountingCatalogProvider other("kat");
  auto const alg_file = f.file(*cache);
  CHECK(alg_file.filename().string().starts_with("alg-"));
  CHECK(cache->file_for(other, f.options).value() != alg_file);
  auto other_account = f.options;
  other_account.account = "another";
  CHECK(cache->file_for(f.provider, other_account).value() != alg_file);
}

TEST_CASE("cache files are 0600 in a 0700 directory") {
  Fixture f;
  auto cache = f.cache();
  REQUIRE(f.resolve(*cache).has_value());
  struct stat info {};
  REQUIRE(::stat(f.file(*cache).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  REQUIRE(::stat((f.dir.path / "polycloud").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
}

TEST_CASE("an unusable cache directory falls back to listing with one warning") {
  Fixture f;
  write_text(f.dir.path / "polycloud", "a file where the directory should be");
  auto cache = f.cache();
  auto listed = f.resolve(*cache);
  REQUIRE(listed.has_value());
  CHECK(**listed == sample_catalog());
  REQUIRE(f.resolve(*cache).has_value());  // still reused in memory
  CHECK(f.provider.size_listings == 1);
  REQUIRE(f.warned.size() == 1);
  CHECK(f.warned[0] == "catalog cache directory unusable (" + (f.dir.path / "polycloud").string() +
                           " is not a directory); catalogs are listed without a cache");
  CHECK_FALSE(cache->file_for(f.provider, f.options).has_value());
}

TEST_CASE("an unreadable cache file is ignored with one warning") {
  Fixture f;
  auto first = f.cache();
  REQUIRE(f.resolve(*first).has_value());
  auto const file = f.file(*first);
  std::filesystem::remove(file);
  std::filesystem::create_directory(file);  // not a regular file: refused without blocking
  REQUIRE(f.resolve(*f.cache()).has_value());
  CHECK(f.provider.size_listings == 2);
  CHECK(f.warned.size() >= 1);
  CHECK(f.warned[0].find("ignored (not a regular file (a directory))") != std::string::npos);
}

TEST_CASE("a listing error is returned and nothing is written") {
  Fixture f;
  f.provider.fail_listing = make_error(ErrorKind::unavailable, "catalog down", "alg", "list");
  auto cache = f.cache();
  auto listed = f.resolve(*cache);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::unavailable);
  CHECK_FALSE(std::filesystem::exists(f.file(*cache)));
  f.provider.fail_listing.reset();
  REQUIRE(f.resolve(*cache).has_value());  // the failure was not remembered
}

TEST_CASE("an id missing from the cached catalog costs one by-id lookup, not a re-list") {
  Fixture f;
  f.provider.hidden_sizes.push_back(Size{"s-9", "huge", 16, 65536, 400, std::nullopt, std::nullopt, {}, CatalogSource::api});
  auto cache = f.cache();
  REQUIRE(f.resolve(*cache).has_value());
  auto found = run_coro([&] { return cache->find_size(f.provider, "s-9", f.options); });
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->name == "huge");
  CHECK(f.provider.size_finds == 1);
  CHECK(f.provider.size_listings == 1);
  // It joined the cached catalog, in memory and on disk: the next process finds it with no request.
  auto next = f.cache();
  auto again = run_coro([&] { return next->find_size(f.provider, "s-9", f.options); });
  REQUIRE(again.has_value());
  CHECK(again->has_value());
  CHECK(f.provider.size_finds == 1);
  CHECK(f.provider.size_listings == 1);
  auto snapshot = f.resolve(*next);
  REQUIRE(snapshot.has_value());
  CHECK((*snapshot)->sizes.size() == 3);
}

TEST_CASE("an id in the cached catalog costs nothing and an unknown one is asked once") {
  Fixture f;
  auto cache = f.cache();
  auto listed = run_coro([&] { return cache->find_image(f.provider, "img-deb12", f.options); });
  REQUIRE(listed.has_value());
  CHECK((*listed)->os == "debian");
  CHECK(f.provider.image_finds == 0);
  for (int i = 0; i < 3; ++i) {
    auto unknown = run_coro([&] { return cache->find_image(f.provider, "img-none", f.options); });
    REQUIRE(unknown.has_value());
    CHECK_FALSE(unknown->has_value());
  }
  CHECK(f.provider.image_finds == 1);
  CHECK(f.provider.image_listings == 1);
}

TEST_CASE("catalog_ttl_s sets the cache's TTL - an hour by default - from 0 to 30 days") {
  auto parse = [](std::string const& block) {
    return parse_config(R"({"providers": {"f": {"type": "fake")" + block + "}}}", "/etc/pc.json",
                        [](std::string_view) { return std::optional<std::string>(); });
  };
  CHECK(catalog_cache_options(parse("").value().providers[0]).ttl == 3600s);
  CHECK(catalog_cache_options(parse(R"(, "catalog_ttl_s": 90)").value().providers[0]).ttl == 90s);
  CHECK(catalog_cache_options(parse(R"(, "catalog_ttl_s": 0)").value().providers[0], true).refresh);
  for (auto bad : {R"(, "catalog_ttl_s": -1)", R"(, "catalog_ttl_s": 2592001)", R"(, "catalog_ttl_s": "1h")"}) {
    auto refused = parse(bad);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message ==
          "/etc/pc.json: providers.f.catalog_ttl_s: expected an integer from 0 (never reuse a cached catalog) to "
          "2592000 (30 days)");
  }
}

TEST_CASE("the account digest holds no credential and changes with the account, not with key order") {
  ProviderConfig base;
  base.type = "katapult";
  base.endpoint = "https://api.katapult.io/core/v1";
  base.settings = {{"organization", {{"sub_domain", "acme"}}}, {"per_page", 50}};
  base.token = Secret("token-abcdefgh-1");
  auto const account = catalog_account(base);
  CHECK(account.size() == 16);
  auto other_token = base;
  other_token.token = Secret("token-zyxwvuts-2");
  CHECK(catalog_account(other_token) == account);
  auto reordered = base;
  reordered.settings = {{"per_page", 50}, {"organization", {{"sub_domain", "acme"}}}};
  CHECK(catalog_account(reordered) == account);
  auto other_organization = base;
  other_organization.settings["organization"] = {{"sub_domain", "globex"}};
  CHECK(catalog_account(other_organization) != account);
  auto other_endpoint = base;
  other_endpoint.endpoint = "https://127.0.0.1:8443";
  CHECK(catalog_account(other_endpoint) != account);
}

TEST_CASE("the cache directory is XDG_CACHE_HOME's, else HOME's .cache, else none") {
  auto env_of = [](std::map<std::string, std::string> vars) -> Environment {
    return [vars](std::string_view name) -> std::optional<std::string> {
      if (auto found = vars.find(std::string(name)); found != vars.end()) return found->second;
      return std::nullopt;
    };
  };
  CHECK(default_catalog_cache_directory(env_of({{"XDG_CACHE_HOME", "/x/cache"}, {"HOME", "/home/u"}})) ==
        std::filesystem::path("/x/cache/polycloud"));
  CHECK(default_catalog_cache_directory(env_of({{"HOME", "/home/u"}})) ==
        std::filesystem::path("/home/u/.cache/polycloud"));
  // A relative XDG_CACHE_HOME is invalid (XDG base directory spec) and ignored.
  CHECK(default_catalog_cache_directory(env_of({{"XDG_CACHE_HOME", "cache"}, {"HOME", "/home/u"}})) ==
        std::filesystem::path("/home/u/.cache/polycloud"));
  CHECK_FALSE(default_catalog_cache_directory(env_of({})).has_value());
}

TEST_CASE("a cache made for one call may be gone before the call runs") {
  Fixture f;
  // The awaitable runs after the temporary CatalogCache was destroyed, as in `co_await make().catalog(…)`.
  auto listed = run_coro([&] { return f.cache()->catalog(f.provider, f.options); });
  REQUIRE(listed.has_value());
  CHECK(**listed == sample_catalog());
  auto found = run_coro([&] { return f.cache()->find_size(f.provider, "s-2", f.options); });
  REQUIRE(found.has_value());
  CHECK(found->has_value());
}

TEST_CASE("one cache serves concurrent resolutions on several threads") {
  Fixture f;
  CountingCatalogProvider other("kat");
  other.catalog = sample_catalog();
  auto cache = f.cache();
  boost::asio::thread_pool pool(4);
  std::vector<std::future<Result<std::optional<Size>>>> finds;
  for (int i = 0; i < 32; ++i) {
    Provider& provider = i % 2 ? static_cast<Provider&>(other) : f.provider;
    finds.push_back(boost::asio::co_spawn(pool, cache->find_size(provider, i % 4 < 2 ? "s-1" : "s-404", f.options),
                                          boost::asio::use_future));
  }
  for (auto& find : finds) REQUIRE(find.get().has_value());
  pool.join();
  // Concurrent misses may each list or look up (documented): how often depends on the interleaving. What
  // must hold whatever it is: every find answered, no call lost or doubled (16 calls per provider).
  CHECK(f.provider.size_listings >= 1);
  CHECK(f.provider.size_listings <= 16);
  CHECK(f.provider.size_finds >= 1);
  CHECK(f.provider.size_finds <= 8);
  auto const snapshot = f.resolve(*cache);
  REQUIRE(snapshot.has_value());
  CHECK((*snapshot)->sizes.size() == 2);
}
