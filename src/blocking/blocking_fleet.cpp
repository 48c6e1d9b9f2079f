// The blocking facade: one io_context on one owned thread; each call co_spawns the async Fleet's
// coroutine there and waits on a future. Why a thread of its own rather than running the context in
// the caller: a caller's thread may already be inside another event loop, and a context run only during
// calls would let idle pooled connections and their timers go unserviced between calls.
#include <polycloud/blocking.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <optional>
#include <thread>

namespace polycloud::blocking {

namespace asio = boost::asio;

struct Fleet::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::optional<polycloud::Fleet> fleet;
  std::thread thread{[this] { io.run(); }};

  /// Runs `make()`'s awaitable on the facade's thread and returns its result (rethrowing a bug's exception).
  template <class Make>
  auto run(Make make) {
    return asio::co_spawn(io, make(), asio::use_future).get();
  }

  ~Impl() {
    // Providers (and their connection pools) are destroyed on the thread they run on.
    auto destroy = [this]() -> asio::awaitable<void> {
      fleet.reset();
      co_return;
    };
    if (fleet) asio::co_spawn(io, destroy, asio::use_future).get();
    work.reset();
    io.stop();
    thread.join();
  }
};

Result<Fleet> Fleet::create(Config const& config, TraceSink trace) {
  auto impl = std::make_unique<Impl>();
  // Construction sends nothing; the providers only keep the executor their calls will run on.
  auto created = polycloud::Fleet::create(config, ProviderContext{impl->io.get_executor(), std::move(trace)});
  if (!created) return created.error();
  impl->fleet.emplace(std::move(*created));
  return Fleet(std::move(impl));
}

Result<Fleet> Fleet::from_providers(std::vector<std::unique_ptr<Provider>> providers) {
  auto fleet = polycloud::Fleet::from_providers(std::move(providers));
  if (!fleet) return fleet.error();
  auto impl = std::make_unique<Impl>();
  impl->fleet.emplace(std::move(*fleet));
  return Fleet(std::move(impl));
}

Fleet::Fleet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fleet::Fleet(Fleet&&) noexcept = default;
Fleet& Fleet::operator=(Fleet&&) noexcept = default;
Fleet::~Fleet() = default;

std::vector<std::string> Fleet::provider_names() const { return impl_->fleet->provider_names(); }
std::vector<UnusableProvider> const& Fleet::unusable() const noexcept { return impl_->fleet->unusable(); }

void Fleet::set_create_journal(std::shared_ptr<CreateJournal> journal) {
  impl_->fleet->set_create_journal(std::move(journal));
}

std::shared_ptr<CreateJournal> Fleet::create_journal() const { return impl_->fleet->create_journal(); }

std::vector<ProviderListing> Fleet::list_all(FleetListOptions options) {
  return impl_->run([&] { return impl_->fleet->list_all(std::move(options)); });
}

std::vector<ProviderCatalog> Fleet::catalog(FleetCatalogOptions options) {
  return impl_->run([&] { return impl_->fleet->catalog(std::move(options)); });
}

Result<Instance> Fleet::get(std::string_view provider, std::string id, GetOptions options) {
  return impl_->run([&] { return impl_->fleet->get(provider, std::move(id), std::move(options)); });
}

Result<Instance> Fleet::create(std::string_view provider, CreateSpec spec, ProgressCallback progress,
                               CallOptions options) {
  return impl_->run(
      [&] { return impl_->fleet->create(provider, std::move(spec), std::move(progress), options); });
}

Result<void> Fleet::remove(std::string_view provider, std::string id, CallOptions options) {
  return impl_->run([&] { return impl_->fleet->remove(provider, std::move(id), options); });
}

Result<void> Fleet::start(std::string_view provider, std::string id, CallOptions options) {
  return impl_->run([&] { return impl_->fleet->start(provider, std::move(id), options); });
}

Result<void> Fleet::stop(std::string_view provider, std::string id, CallOptions options) {
  return impl_->run([&] { return impl_->fleet->stop(provider, std::move(id), options); });
}

Result<void> Fleet::reboot(std::string_view provider, std::string id, CallOptions options) {
  return impl_->run([&] { return impl_->fleet->reboot(provider, std::move(id), options); });
}

Result<Instance> Fleet::wait_for(std::string_view provider, std::string id, State target, WaitOptions options) {
  return impl_->run([&] { return impl_->fleet->wait_for(provider, std::move(id), target, std::move(options)); });
}

Result<Resolution> Fleet::resolve(std::string_view provider, CreateSpec spec, PlacementOptions options) {
  return impl_->run([&] { return impl_->fleet->resolve(provider, std::move(spec), std::move(options)); });
}

Result<Placement> Fleet::place(CreateSpec spec, PlacementOptions options) {
  return impl_->run([&] { return impl_->fleet->place(std::move(spec), std::move(options)); });
}

Result<std::vector<Placement>> Fleet::place_all(std::vector<CreateSpec> specs, PlacementOptions options) {
  return impl_->run([&] { return impl_->fleet->place_all(std::move(specs), std::move(options)); });
}

Result<Instance> Fleet::create_placed(Placement const& placement, ProgressCallback progress, CallOptions options) {
  return impl_->run([&] { return impl_->fleet->create_placed(placement, std::move(progress), options); });
}

namespace {
/// Runs each next() of the async stream on the facade's thread, and destroys it there (its pager may
/// still hold a listing's connections).
class BlockingEventStream final : public EventStream {
 public:
  BlockingEventStream(std::unique_ptr<polycloud::EventStream> stream, asio::io_context& io)
      : stream_(std::move(stream)), io_(io) {}
  ~BlockingEventStream() override {
    auto destroy = [this]() -> asio::awaitable<void> {
      stream_.reset();
      co_return;
    };
    asio::co_spawn(io_, destroy, asio::use_future).get();
  }
  Result<std::optional<std::vector<InventoryEvent>>> next() override {
    return asio::co_spawn(io_, stream_->next(), asio::use_future).get();
  }

 private:
  std::unique_ptr<polycloud::EventStream> stream_;
  asio::io_context& io_;
};
}  // namespace

std::unique_ptr<EventStream> Fleet::watch(WatchOptions options) {
  return std::make_unique<BlockingEventStream>(impl_->fleet->watch(std::move(options)), impl_->io);
}

}  // namespace polycloud::blocking
