#pragma once
// The blocking facade: polycloud::Fleet for code that does not use coroutines. It owns an io_context and
// the one thread that runs it; every call runs the Fleet's coroutine there and blocks the caller until
// it is done. Same operations, same Result<T> values, same errors as the async Fleet.
//
//   auto config = polycloud::load_config_file("config.json");
//   auto fleet = polycloud::blocking::Fleet::create(*config);
//   for (auto const& listing : fleet->list_all()) …
//
// Threading: call it from any thread except its own (a progress callback or on_poll runs on the
// facade's thread and must not call back into it). Calls from several threads are serialised by Asio
// on the one thread, so they are safe but not parallel; concurrency across providers happens inside
// list_all.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>
#include <polycloud/fleet.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::blocking {

/// Fleet::watch's stream, blocking: next() runs on the facade's thread and returns when the async
/// stream's next() does (EventStream documents the batches, the deadline and the errors). Drop it before
/// the Fleet that made it.
class EventStream {
 public:
  virtual ~EventStream() = default;
  virtual Result<std::optional<std::vector<InventoryEvent>>> next() = 0;
};

class Fleet {
 public:
  /// Creates every configured provider (see polycloud::Fleet::create) on the facade's own thread.
  /// `trace` receives one redacted line per HTTP exchange; may be empty.
  static Result<Fleet> create(Config const& config, TraceSink trace = {});
  /// A facade over providers built elsewhere (users' own adapters, testing::FakeProvider). They must
  /// not be bound to another executor: they will run on the facade's thread.
  static Result<Fleet> from_providers(std::vector<std::unique_ptr<Provider>> providers);

  Fleet(Fleet&&) noexcept;
  Fleet& operator=(Fleet&&) noexcept;
  /// Destroys the providers on the facade's thread, then stops and joins it.
  ~Fleet();

  std::vector<std::string> provider_names() const;
  /// polycloud::Fleet::unusable: the providers held as unusable, each with its error.
  std::vector<UnusableProvider> const& unusable() const noexcept;

  /// polycloud::Fleet::set_create_journal: create() starts with the default journal, from_providers()
  /// journal-less; nullptr for none. Set it before calls start.
  void set_create_journal(std::shared_ptr<CreateJournal> journal);
  std::shared_ptr<CreateJournal> create_journal() const;

  /// One listing per selected provider, in selection order; a failing provider keeps its error
  /// next to the others' instances.
  std::vector<ProviderListing> list_all(FleetListOptions options = FleetListOptions());

  /// Every selected provider's sizes, images and regions (polycloud::Fleet::catalog), in selection
  /// order; a failing provider keeps its error next to the others' catalogs.
  std::vector<ProviderCatalog> catalog(FleetCatalogOptions options = FleetCatalogOptions());

  Result<Instance> get(std::string_view provider, std::string id, GetOptions options = GetOptions());
  /// `progress` is called on the facade's thread.
  Result<Instance> create(std::string_view provider, CreateSpec spec, ProgressCallback progress = {},
                          CallOptions options = CallOptions());
  Result<void> remove(std::string_view provider, std::string id, CallOptions options = CallOptions());
  Result<void> start(std::string_view provider, std::string id, CallOptions options = CallOptions());
  Result<void> stop(std::string_view provider, std::string id, CallOptions options = CallOptions());
  Result<void> reboot(std::string_view provider, std::string id, CallOptions options = CallOptions());
  /// polycloud::Fleet::watch; the stream's next() blocks until the next batch of events. Set
  /// WatchOptions::deadline to bound it (its sleep, now and on_poll run on the facade's thread).
  std::unique_ptr<EventStream> watch(WatchOptions options = WatchOptions());
  /// polycloud::wait_for on the named provider; blocks until the state, an error or the deadline.
  Result<Instance> wait_for(std::string_view provider, std::string id, State target,
                            WaitOptions options = WaitOptions());

  /// Portable creates, as polycloud::Fleet's (docs/provisioning.md); a CatalogReader in the options
  /// runs on the facade's thread.
  Result<Resolution> resolve(std::string_view provider, CreateSpec spec, PlacementOptions options = PlacementOptions());
  Result<Placement> place(CreateSpec spec, PlacementOptions options = PlacementOptions());
  Result<std::vector<Placement>> place_all(std::vector<CreateSpec> specs, PlacementOptions options = PlacementOptions());
  Result<Instance> create_placed(Placement const& placement, ProgressCallback progress = {},
                                 CallOptions options = CallOptions());

 private:
  struct Impl;
  explicit Fleet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace polycloud::blocking
