#pragma once
// The fleet: every configured provider behind one object. Lists run over all (or selected)
// providers concurrently and report each provider's own outcome, so one failing provider never
// hides the others' instances.
//
// Threads: a Fleet of built-in providers is safe to call from any thread of a multi-threaded
// io_context (the executor in its ProviderContext), any number of calls at once, as each Provider is
// (see provider.hpp: one pager per coroutine at a time; destroy the Fleet after its calls finished and
// before its io_context). blocking::Fleet (blocking.hpp) may be called from any thread but its own.

#include <polycloud/catalog.hpp>
#include <polycloud/config.hpp>
#include <polycloud/create_journal.hpp>
#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>
#include <polycloud/placement.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>
#include <polycloud/watch.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

struct FleetListOptions {
  FleetListOptions() {}  // not an aggregate, so `fleet.list_all({})` is safe on g++ 12 (see CallOptions)

  std::vector<std::string> providers;  ///< configured names to list; empty: every provider
  ListOptions list;                    ///< filters, deadline, detail: passed to each provider
};

/// One provider's outcome of a streamed list: how many instances it delivered, or why it stopped.
/// A provider can fail after some pages were delivered; those pages were real and stay delivered.
struct ProviderListSummary {
  std::string provider;
  Result<std::size_t> delivered;
};

/// One provider's outcome of a collected list: its instances or its error. A listing can fail after
/// some pages arrived (a cut stream, a malformed item, the deadline): those instances were real, and
/// `partial` keeps them, in the order delivered, beside the error. Nothing delivered is dropped.
struct ProviderListing {
  std::string provider;
  Result<std::vector<Instance>> instances;
  std::vector<Instance> partial{};  ///< only when `instances` holds an error: what arrived before it
};

/// Called once per non-empty page, on the fleet's executor, in whatever order providers answer.
/// The page is already filtered; the sink may move from it.
using PageSink = std::function<void(std::string const& provider, std::vector<Instance>& page)>;

/// What a StoppablePageSink answers after each page: go on, or end the whole listing there.
enum class ListFlow { more, stop };
/// A PageSink that can end the listing early (Fleet::list_until), e.g. once it has all it will print.
using StoppablePageSink = std::function<ListFlow(std::string const& provider, std::vector<Instance>& page)>;

/// Options of a catalog listing over the fleet (Fleet::list_catalog, Fleet::catalog).
struct FleetCatalogOptions {
  FleetCatalogOptions() {}  // not an aggregate (see CallOptions)

  std::vector<std::string> providers;  ///< configured names to list; empty: every provider
  CatalogOptions catalog;              ///< deadline, page size: passed to each provider
};

/// Called once per non-empty batch of catalog entries (Size, Image or Region), one call at a time, as
/// PageSink is; the sink may move from the batch.
template <class Item>
using CatalogSink = std::function<void(std::string const& provider, std::vector<Item>& batch)>;

/// One provider's whole catalog, or why it could not be listed. A part the provider does not list
/// (capabilities().catalog_* false) is left empty; any other failure is the provider's error.
struct ProviderCatalog {
  std::string provider;
  Result<Catalog> catalog;
};

/// How wait_for polls. Every field has a default; tests inject `sleep` and `now` to run without waiting.
struct WaitOptions {
  WaitOptions() {}  // not an aggregate (see CallOptions)

  /// The deadline convention of CallOptions: an absolute time point on `now`'s clock; the default, max(),
  /// means the default budget of 10 minutes counted from when wait_for starts.
  Clock::time_point deadline = Clock::time_point::max();
  std::chrono::milliseconds first_interval{250};
  std::chrono::milliseconds max_interval{5'000};
  double backoff = 1.6;  ///< each interval is the previous one times this, capped at max_interval
  /// Waits `delay`; empty: an Asio steady_timer on the current executor.
  std::function<boost::asio::awaitable<void>(std::chrono::milliseconds delay)> sleep;
  /// The clock the deadline is measured on; empty: Clock::now.
  std::function<Clock::time_point()> now;
  /// Told every observed state (for progress output); may be empty.
  std::function<void(Instance const&)> on_poll;
};

/// Polls `provider.get(id)` until the instance reaches `target`, with exponential backoff.
/// - Fails fast when the instance enters `error` (kind provider_internal) or `terminated`
///   (kind conflict), unless that is the target.
/// - Waiting for `terminated` also succeeds when the instance is gone (get answers not_found);
///   the returned Instance then carries only provider, type, id and state.
/// - A non-transient get error ends the wait with that error; transient ones (unavailable,
///   rate_limited, transport) are polled through.
/// - Never waits past `options.deadline`: the result is then ErrorKind::timeout naming the last state.
/// - Cancelled (a cancellation slot bound to its co_spawn, or `wait || timer`): ErrorKind::cancelled,
///   returned, not thrown.
boost::asio::awaitable<Result<Instance>> wait_for(Provider& provider, std::string id, State target,
                                                  WaitOptions options = WaitOptions());

/// wait_for's budget when WaitOptions::deadline is left at its default.
inline constexpr std::chrono::minutes default_wait_budget{10};

/// The parts of a provider's catalog its capabilities() say it lists, collected (a part it does not
/// list stays empty, and a provider listing none answers an empty Catalog without sending anything).
boost::asio::awaitable<Result<Catalog>> collect_catalog(Provider& provider, CatalogOptions options = CatalogOptions());

/// Where a fleet's resolution reads one provider's catalog, e.g. through a catalog cache.
using CatalogReader = std::function<boost::asio::awaitable<Result<std::shared_ptr<Catalog const>>>(Provider&)>;

/// How Fleet::resolve and Fleet::place get their catalogs, and among which providers they choose.
struct PlacementOptions {
  PlacementOptions() {}  // not an aggregate (see CallOptions)

  std::vector<std::string> providers;  ///< configured names to choose among (each once); empty: every provider
  CatalogOptions catalog;              ///< deadline and page size of each catalog listing
  CatalogReader catalogs;              ///< empty: collect_catalog(provider, catalog) for every call
};

class Fleet {
 public:
  /// Creates every configured provider through the registry. A provider that cannot be created
  /// (unknown type, bad settings, a ca_file that cannot be read) fails the whole construction with its
  /// config error, unless Config::keep_unusable: then it is held as unusable, in its place. Each of
  /// Config::unusable (ConfigOptions::keep_unusable) is held by its name after them. An unusable provider's
  /// every operation fails with its error, under that operation's name, before sending anything.
  static Result<Fleet> create(Config const& config, ProviderContext const& context);
  /// A fleet over providers built elsewhere (tests, users' own adapters). Names must be unique.
  static Result<Fleet> from_providers(std::vector<std::unique_ptr<Provider>> providers);

  Fleet(Fleet&&) noexcept;
  Fleet& operator=(Fleet&&) noexcept;
  ~Fleet();

  /// The journal of keyed creates (create_journal.hpp): create() with a CreateSpec::idempotency_key
  /// runs through create_journaled with it. A fleet made by create() starts with the journal in
  /// CreateJournal::default_directory() (none for a dry run); one made by from_providers() starts
  /// journal-less. nullptr: journal-less, for an embedder that keeps its own records of creates in
  /// flight (the key is still stored on the VM and looked up before the create: only the local record
  /// and the per-key lock are left out). Set it before calls start, not during them.
  void set_create_journal(std::shared_ptr<CreateJournal> journal);
  std::shared_ptr<CreateJournal> create_journal() const;

  /// Configured names, in configuration order.
  std::vector<std::string> provider_names() const;
  /// The providers create() holds as unusable, in the fleet's order: those it could not create
  /// (Config::keep_unusable), then Config::unusable's blocks. Empty for a fleet from from_providers().
  std::vector<UnusableProvider> const& unusable() const noexcept;
  /// The provider named `name`, or ErrorKind::config naming the configured ones.
  Result<Provider*> provider(std::string_view name) const;

  /// The streaming form: lists the selected providers concurrently, handing each page to `sink`
  /// as it arrives, one page at a time (never two calls at once, though on a multi-threaded io_context
  /// successive calls may come from different threads). Returns one summary per selected provider, in
  /// selection order.
  /// An unknown provider name gives that entry an ErrorKind::config error; the others still run.
  boost::asio::awaitable<std::vector<ProviderListSummary>> list(FleetListOptions options, PageSink sink);
  /// list, but the sink can end it early (`polycloud list --limit`): once the sink answers ListFlow::stop,
  /// no page reaches it again and every provider stops at its next page, dropping its pager (which stops
  /// loading: at most the pages it had in flight or buffered were sent). Stopping is not a failure: each
  /// summary counts the instances its provider handed to the sink; an error that arrives after the stop
  /// is not reported, as nobody asked for that page.
  boost::asio::awaitable<std::vector<ProviderListSummary>> list_until(FleetListOptions options, StoppablePageSink sink);

  /// The collected form: one listing per selected provider, in selection order.
  boost::asio::awaitable<std::vector<ProviderListing>> list_all(FleetListOptions options);
  /// Every provider, default options.
  boost::asio::awaitable<std::vector<ProviderListing>> list_all();

  /// One catalog part (Size, Image or Region) of the selected providers, streamed as list is:
  /// concurrently, each batch handed to `sink` as it arrives, one summary per selected provider in
  /// selection order; one provider's failure (not_supported for a part it does not list) is its own.
  template <class Item>
  boost::asio::awaitable<std::vector<ProviderListSummary>> list_catalog(FleetCatalogOptions options,
                                                                        CatalogSink<Item> sink);
  /// The collected form: every selected provider's sizes, images and regions, in selection order.
  boost::asio::awaitable<std::vector<ProviderCatalog>> catalog(FleetCatalogOptions options);

  // Single-instance operations by configured provider name, so a portable tool never needs provider().
  // An unknown name is ErrorKind::config naming the configured ones; otherwise each is the named
  // provider's own operation (same errors, same deadline and cancellation behaviour).
  boost::asio::awaitable<Result<Instance>> get(std::string_view provider, std::string id,
                                               GetOptions options = GetOptions());
  boost::asio::awaitable<Result<Instance>> create(std::string_view provider, CreateSpec spec,
                                                  ProgressCallback progress = {}, CallOptions options = CallOptions());
  boost::asio::awaitable<Result<void>> remove(std::string_view provider, std::string id,
                                              CallOptions options = CallOptions());
  boost::asio::awaitable<Result<void>> start(std::string_view provider, std::string id,
                                             CallOptions options = CallOptions());
  boost::asio::awaitable<Result<void>> stop(std::string_view provider, std::string id,
                                            CallOptions options = CallOptions());
  boost::asio::awaitable<Result<void>> reboot(std::string_view provider, std::string id,
                                              CallOptions options = CallOptions());

  /// The selected providers' changes as events, by polling and diffing (watch.hpp, docs/inventory.md).
  /// Nothing is sent before the first next(). An unknown provider name: next() answers ErrorKind::config.
  /// The stream refers to this fleet's providers: drop it before the Fleet.
  std::unique_ptr<EventStream> watch(WatchOptions options = WatchOptions());

  /// wait_for on the named provider.
  boost::asio::awaitable<Result<Instance>> wait_for(std::string_view provider, std::string id, State target,
                                                    WaitOptions options = WaitOptions());

  // Portable creates (docs/provisioning.md): selectors and names resolved through each provider's
  // catalog and configured aliases (polycloud/placement.hpp), catalogs read concurrently.

  /// The spec on the named provider with exact ids, every candidate explained. A provider's failed
  /// catalog listing, or an unknown name, is the error; a resolution that cannot serve the spec (no
  /// match, a selector mistake) is returned with its own error, so its explanation is kept.
  boost::asio::awaitable<Result<Resolution>> resolve(std::string_view provider, CreateSpec spec,
                                                     PlacementOptions options = PlacementOptions());
  /// The cheapest of `options.providers` (every provider when empty) that serves every requirement and
  /// feature of the spec. A provider whose catalog could not be listed is one that cannot serve it. An
  /// unknown provider name is the error; no provider serving the spec is Placement::error.
  boost::asio::awaitable<Result<Placement>> place(CreateSpec spec, PlacementOptions options = PlacementOptions());
  /// A fleet of specs in one pass: each provider's catalog read once, one Placement per spec.
  boost::asio::awaitable<Result<std::vector<Placement>>> place_all(std::vector<CreateSpec> specs,
                                                                   PlacementOptions options = PlacementOptions());
  /// Creates the placement's resolved spec on its chosen provider; Placement::error when none was chosen.
  boost::asio::awaitable<Result<Instance>> create_placed(Placement const& placement, ProgressCallback progress = {},
                                                         CallOptions options = CallOptions());

 private:
  struct Impl;
  explicit Fleet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Every instance of the successful listings, in listing order.
std::vector<Instance> merged_instances(std::vector<ProviderListing> const& listings);

}  // namespace polycloud
