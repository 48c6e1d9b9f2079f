#pragma once
// The provider seam: one abstract interface every adapter implements, and the type users mock
// in their own tests (see polycloud/testing/fake_provider.hpp).
//
// Threads: a built-in Provider (the adapters make_provider returns) is safe to call from any thread of
// a multi-threaded io_context, any number of operations at once: list, get, create, remove, start,
// stop and reboot may run concurrently on every thread that runs its executor (its transport state
// lives on a strand of its own; its own shared state, e.g. OpenScaler's create sequence ids, is locked).
// tests/reliability/fleet_threads_test.cpp proves it under TSan. What is not safe:
// - one InstancePager shared by concurrent coroutines: call next() from one coroutine at a time, the
//   next call after the previous one completed (that coroutine may resume on any thread);
// - destroying a Provider while its operations or pagers are still running, or after its io_context;
// - a user's own Provider (testing::FakeProvider included) promises only what it implements.
// A ProgressCallback runs on a thread of the provider's executor, one call at a time for one create.
// Every operation is a coroutine; cancel it the Asio way (bind a cancellation slot to co_spawn, or
// `op || timer`): the result is then ErrorKind::cancelled. Bound it with CallOptions::deadline.
// Emit the slot's signal from a handler queued behind the co_spawn (asio::post), not inline before the
// coroutine's first step: Boost 1.81 then throws operation_aborted out of io_context::run
// (chriskohlhoff/asio#1452).

#include <polycloud/capabilities.hpp>
#include <polycloud/catalog.hpp>
#include <polycloud/create_spec.hpp>
#include <polycloud/deadline.hpp>
#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polycloud {

/// Deadlines, one convention for CallOptions and WaitOptions:
/// - a deadline is an absolute Clock::time_point; the operation (retries and polls included) ends by
///   then with ErrorKind::timeout;
/// - the default, Clock::time_point::max(), means "no deadline of the caller's": the operation's own
///   default budget applies, counted from when the call starts (a configured provider's `timeout`,
///   30 s unless configured; 10 minutes for wait_for; none for testing::FakeProvider);
/// - `within(budget)` is now + budget (saturating: see deadline.hpp).
///
/// Why the options types have constructors: g++ 12.2 miscompiles a braced *aggregate* temporary inside a
/// co_await expression (`co_await collect(provider.list({}))` aborted with "free(): invalid pointer").
/// A user-provided default constructor makes them non-aggregates, and `{}` is then safe; members are
/// still set by name (tests/fleet/braced_options_test.cpp proves the forms on g++ 12).
struct CallOptions {
  CallOptions() {}
  explicit CallOptions(Clock::time_point deadline_at) : deadline(deadline_at) {}

  /// The whole operation, retries included, ends by then with ErrorKind::timeout (see above).
  Clock::time_point deadline = Clock::time_point::max();

  /// A deadline `budget` from now; a budget too large to represent means no deadline (saturates).
  template <class Rep, class Period>
  static CallOptions within(std::chrono::duration<Rep, Period> budget) {
    return CallOptions(deadline_after(budget));
  }
};

/// Neutral filters; adapters push them down to a server-side filter where the API has one
/// and apply the rest locally, so results are the same everywhere.
struct InstanceFilter {
  std::optional<State> state;
  std::string name_glob;                    ///< shell-style: '*' and '?'; empty matches all
  std::map<std::string, std::string> tags;  ///< every pair must be present

  bool empty() const noexcept { return !state && name_glob.empty() && tags.empty(); }
  bool matches(Instance const& instance) const;
};

/// True when `text` matches the shell-style `glob` ('*' any run, '?' one character).
bool glob_match(std::string_view glob, std::string_view text) noexcept;

struct ListOptions {
  ListOptions() {}  // not an aggregate: see CallOptions

  CallOptions call;
  InstanceFilter filter;
  std::size_t page_size = 0;  ///< 0: the provider's default
  /// Fetch full details per instance where the list endpoint omits some (e.g. Katapult's state).
  bool detail = false;
  /// Keep each provider object in Instance::raw (exact but for numbers beyond 64-bit integers, which
  /// become doubles: see Instance::raw). Off by default: it costs a DOM per VM.
  bool raw = false;
  boost::json::object provider_options;  ///< e.g. {"project_id": "other"} for OpenScaler
};

struct GetOptions {
  GetOptions() {}  // not an aggregate: see CallOptions

  CallOptions call;
  bool raw = false;  ///< keep the provider's object in Instance::raw (see ListOptions::raw)
  boost::json::object provider_options;  ///< e.g. {"only": ["state"]} for OpenScaler
};

/// Options of a catalog listing (Provider::sizes, images, regions).
struct CatalogOptions {
  CatalogOptions() {}  // not an aggregate: see CallOptions

  CallOptions call;
  std::size_t page_size = 0;  ///< 0: the provider's default
};

/// What a create reports while it runs (the ProgressCallback may be called on any thread of the
/// provider's executor, never concurrently for one create).
struct Progress {
  Progress() {}
  /// The adapters' form: `reported_percent` is kept only as bounded_percent() gives it.
  Progress(std::optional<double> reported_percent, std::string text)
      : percent(bounded_percent(reported_percent)), message(std::move(text)) {}

  /// A provider's percent as `percent` holds it: clamped to 0..100; empty when absent, NaN or infinite
  /// (a server once sent 1e308 and negatives, which reached library users unchecked).
  static std::optional<double> bounded_percent(std::optional<double> reported) noexcept;

  std::optional<double> percent;  ///< 0..100 when the provider reports one, never outside it
  std::string message;
  /// The new VM's id as soon as the provider has accepted the create, before create() returns
  /// (ByCloud's 202, Katapult's accepted build); empty until known. A caller cancelling the create
  /// then knows which VM may exist. OpenScaler learns it only from its final answer.
  std::string id;
};
using ProgressCallback = std::function<void(Progress const&)>;

/// The most instances one InstancePager::next() hands over (a built-in provider's pager cuts larger runs).
inline constexpr std::size_t max_batch_size = 512;

/// A lazy listing: nothing is sent before the first next(); it then runs a bounded way ahead (2 batches, plus up to
/// 2 x list_concurrency pages Katapult fetches ahead). Drop it to stop; a built-in provider may then be destroyed.
class InstancePager {
 public:
  virtual ~InstancePager() = default;
  /// The next batch (1 to max_batch_size instances, in listing order), or an empty optional once the listing is complete. After
  /// an error the pager is finished and further calls return the same error; the batches before it stay delivered.
  virtual boost::asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() = 0;
  /// Hands back a batch next() returned, once the caller is done with it (its Instances may have been
  /// moved from). A built-in pager refills those Instances for the batches after it, keeping the room
  /// their strings and vectors had, instead of allocating every VM anew. Optional on both sides: a caller
  /// need never call it, and a pager may ignore it (this default does).
  virtual void recycle(std::vector<Instance> spent) { (void)spent; }
};

/// Drains a pager into one vector (the collected form; prefer next() for large fleets).
boost::asio::awaitable<Result<std::vector<Instance>>> collect(InstancePager& pager);
/// Same, owning the pager: safe with a temporary, e.g. `co_await collect(provider.list({}))`.
boost::asio::awaitable<Result<std::vector<Instance>>> collect(std::unique_ptr<InstancePager> pager);

class Provider {
 public:
  virtual ~Provider() = default;

  virtual std::string const& name() const noexcept = 0;  ///< configured name ("alg")
  virtual std::string_view type() const noexcept = 0;    ///< adapter type ("openscaler")
  virtual Capabilities capabilities() const noexcept = 0;

  virtual std::unique_ptr<InstancePager> list(ListOptions options) = 0;
  virtual boost::asio::awaitable<Result<Instance>> get(std::string id, GetOptions options) = 0;
  /// Never re-sends a create whose outcome is unknown: such a failure is ErrorKind::unknown_outcome.
  virtual boost::asio::awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress,
                                                          CallOptions options) = 0;
  virtual boost::asio::awaitable<Result<void>> remove(std::string id, CallOptions options) = 0;
  virtual boost::asio::awaitable<Result<void>> start(std::string id, CallOptions options) = 0;
  virtual boost::asio::awaitable<Result<void>> stop(std::string id, CallOptions options) = 0;
  virtual boost::asio::awaitable<Result<void>> reboot(std::string id, CallOptions options) = 0;

  /// The catalog, lazily (issue 18): sizes, images and regions the provider offers, through the shared
  /// pager. The defaults fail with ErrorKind::not_supported before sending anything; capabilities()
  /// says which parts a provider lists.
  virtual std::unique_ptr<SizePager> sizes(CatalogOptions options);
  virtual std::unique_ptr<ImagePager> images(CatalogOptions options);
  virtual std::unique_ptr<RegionPager> regions(CatalogOptions options);
  /// One entry by its exact id (an id missing from a cached catalog costs this, not a re-list): empty
  /// when the provider has no such entry. The defaults scan sizes()/images(); an adapter with a by-id
  /// route overrides them.
  virtual boost::asio::awaitable<Result<std::optional<Size>>> find_size(std::string id, CallOptions options);
  virtual boost::asio::awaitable<Result<std::optional<Image>>> find_image(std::string id, CallOptions options);

  /// The VMs carrying each of `keys` as their CreateSpec::idempotency_key (issue 19), found in one
  /// listing pass for the whole set (a plan/apply resolves a fleet of keys at once). Every key of
  /// `keys` is in the result; a key no VM carries maps to an empty vector. The default fails with
  /// ErrorKind::not_supported before sending anything.
  virtual boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options);
};

/// The error an adapter returns, before sending anything, for an operation it does not support.
Error not_supported(std::string const& provider, Operation op);

/// Refuses an id that would not name one resource once put in a URL path: empty (the collection),
/// "." or ".." (a proxy that normalises dot-segments would act on another resource). Adapters call it
/// before sending anything; the error is ErrorKind::invalid_argument naming provider and operation.
Result<void> check_resource_id(std::string_view id, std::string const& provider, Operation op);

}  // namespace polycloud
