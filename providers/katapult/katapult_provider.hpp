#pragma once
// The Katapult Provider: each neutral operation as Katapult requests through the internal HTTP
// client. Request shapes live in requests.hpp, the VM mapping in vm_mapping.hpp, error bodies in
// errors.hpp, build/task answers in operations.hpp. The operations are split by job:
// katapult_provider.cpp (get, power, delete, shared plumbing), katapult_list.cpp (paging, detail),
// katapult_create.cpp (build and its polling).

#include "providers/common/adapter_base.hpp"
#include "providers/common/call_site.hpp"
#include "providers/common/pager.hpp"
#include "providers/common/ssh_keys.hpp"
#include "providers/katapult/operations.hpp"
#include "providers/katapult/requests.hpp"
#include "providers/katapult/settings.hpp"

#include <boost/json/value.hpp>

#include <atomic>
#include <optional>

namespace polycloud::katapult {

class KatapultProvider final : public Provider, private providers::AdapterBase {
 public:
  /// ErrorKind::config for bad settings, a missing token or a client the transport refuses.
  static Result<std::unique_ptr<KatapultProvider>> make(ProviderConfig const& config, ProviderContext const& context);

  // list: page/per_page paging; pages after the first are fetched concurrently once the total is known
  // (provider option "concurrency" overrides list_concurrency). Tag pairs with a value filter on the
  // server as annotations; ListOptions::detail (forced by a state or tag filter, so that the filter is
  // checked on each full VM, not trusted to the server) fetches each VM for its state and tags.
  // get: by id, or by fqdn when the id has a dot.
  // create: build (build_from_spec when the spec has SSH keys: each key made sure to exist among the
  // organization's keys first, its tag names set after the build when it could not), then poll the build until complete and the VM until started.
  // remove: moves the VM to the trash (purges it too with purge_on_delete); already gone is success.
  // stop: the configured stop_action, shutdown (default) or stop (hard). reboot: reset (no graceful reboot).
  POLYCLOUD_ADAPTER_OPERATIONS(type_name)
  /// The key is the annotation `polycloud-key`. One key: a listing narrowed by the annotation filter (one
  /// page, usually empty or of one VM), each VM fetched to confirm its annotation; several keys: the
  /// filter takes only pairs that must all match, so one detailed listing of the whole organization.
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override;

  // The catalog (katapult_catalog.cpp): packages and disk templates paged, regions from data centers
  // and zones; find_size/find_image through the by-id (or permalink) routes.
  std::unique_ptr<SizePager> sizes(CatalogOptions options) override;
  std::unique_ptr<ImagePager> images(CatalogOptions options) override;
  std::unique_ptr<RegionPager> regions(CatalogOptions options) override;
  boost::asio::awaitable<Result<std::optional<Size>>> find_size(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<std::optional<Image>>> find_image(std::string id, CallOptions options) override;

  /// The per-minute limit a rate_limit_reached answer announced, once one has. Safe from any thread.
  std::optional<int> learned_rate_limit_per_minute() const noexcept {
    auto const limit = learned_per_minute_.load(std::memory_order_relaxed);
    return limit > 0 ? std::optional<int>(limit) : std::nullopt;
  }

 private:
  friend class DetailSink;
  KatapultProvider(ProviderConfig const& config, Settings settings, std::unique_ptr<http::Client> client,
                   boost::asio::any_io_executor executor);

  /// exchange, then the 2xx body as JSON.
  boost::asio::awaitable<Result<boost::json::value>> exchange_json(http::Request request, CallOptions call,
                                                                   providers::CallSite const& site);
  /// Katapult's error body, and the per-minute limit learnt from a 429 rate_limit_reached (every path
  /// sends through exchange or stream_page with this mapping).
  Error error_for(http::Response const& response, providers::CallSite const& site) override;

  /// A paged catalog route: page `n` is `page_url(endpoint, organization, n, per_page)`, its items at
  /// `layout`, mapped by a `Mapping`.
  using PageUrl = boost::urls::url (*)(boost::urls::url_view, Organization const&, std::size_t, std::size_t);
  template <class Item, class Mapping>
  std::unique_ptr<CatalogPager<Item>> paged_route(CatalogOptions const& options, PageUrl page_url,
                                                  providers::BodyLayout layout);
  /// One package or template by id or permalink: `lookup_url(endpoint, id)`, mapped by a `Mapping`.
  using LookupUrl = boost::urls::url (*)(boost::urls::url_view, std::string_view);
  template <class Item, class Mapping>
  boost::asio::awaitable<Result<std::optional<Item>>> find_entry(std::string id, CallOptions options,
                                                                 LookupUrl lookup_url, providers::BodyLayout layout);
  /// Data centers and zones joined into regions, within `call`.
  boost::asio::awaitable<Result<std::vector<Region>>> load_regions(CallOptions call);

  boost::asio::awaitable<Result<Instance>> fetch(std::string const& id, CallOptions call,
                                                 providers::CallSite const& site, bool raw);
  /// One page (and in the detailed form its VMs), within `call`: the listing's deadline for one request.
  boost::asio::awaitable<Result<providers::PageOutcome>> load_page(ListOptions const& options, std::size_t per_page,
                                                                   bool detail, CallOptions call,
                                                                   providers::PageCursor cursor,
                                                                   providers::BatchSink& sink);

  boost::asio::awaitable<Result<void>> power(std::string id, PowerAction action, Operation op, CallOptions options);
  /// Sends a request answered by a task (power actions, purge) and polls the task. A 2xx whose task
  /// cannot be read is success, not waited for: the action was accepted.
  boost::asio::awaitable<Result<void>> run_task(http::Request request, CallOptions call,
                                                providers::CallSite const& site);
  /// Polls `task` until completed; failed is an error naming the task.
  boost::asio::awaitable<Result<void>> await_task(TaskStatus task, CallOptions call, providers::CallSite const& site);
  boost::asio::awaitable<Result<void>> purge(std::string_view key, std::string_view value, CallOptions call,
                                             providers::CallSite const& site);

  boost::asio::awaitable<Result<Instance>> await_build(BuildStarted build, ProgressCallback const& progress,
                                                       CallOptions call, providers::CallSite const& site);
  /// Polls the VM until started; `build_id` (empty when the build's answer was lost) is named when it fails.
  boost::asio::awaitable<Result<Instance>> await_started(std::string const& vm_id, std::string const& build_id,
                                                         ProgressCallback const& progress, CallOptions call,
                                                         providers::CallSite const& site);
  /// The build task's progress, when the task can still be read: nullopt otherwise (`task` is then
  /// forgotten), an error only for a passed deadline or a cancelled call.
  boost::asio::awaitable<Result<std::optional<double>>> task_progress(std::optional<TaskStatus>& task, CallOptions call,
                                                                      providers::CallSite const& site);
  /// With an idempotency key, the VM already carrying it (adopted), or nullopt when none does: then the
  /// build is sent. Several carrying it are a conflict.
  boost::asio::awaitable<Result<std::optional<Instance>>> adopt_carrier(CreateSpec const& spec,
                                                                        ProgressCallback const& progress,
                                                                        CallOptions call,
                                                                        providers::CallSite const& site);
  /// A VM found carrying the create's key: returned once started (waited for as a new build would be).
  boost::asio::awaitable<Result<Instance>> adopt(Instance vm, ProgressCallback const& progress, CallOptions call,
                                                 providers::CallSite const& site);
  /// Sends the build request (plain or from a spec), then follows it to a started VM.
  boost::asio::awaitable<Result<Instance>> send_build(CreateSpec const& spec, http::Request request,
                                                      ProgressCallback const& progress, CallOptions call,
                                                      providers::CallSite const& site);
  /// The organization SSH key id of each key, in order: found by fingerprint in the organization's
  /// list, or added under PublicKey::registered_name() when missing (katapult_keys.cpp). An add refused
  /// because a concurrent create added the key first is settled by listing once more.
  boost::asio::awaitable<Result<std::vector<std::string>>> ensure_ssh_keys(std::vector<providers::PublicKey> const& keys,
                                                                           CallOptions call,
                                                                           providers::CallSite const& site);
  /// Fills each empty id of `ids` whose key the organization's list holds (paged to the end unless
  /// every key is found first); how many stay empty.
  boost::asio::awaitable<Result<std::size_t>> find_ssh_keys(std::vector<providers::PublicKey> const& keys,
                                                            std::vector<std::string>& ids, CallOptions call,
                                                            providers::CallSite const& site);
  /// `vm` with `names` among its tags: a build applies only tags that exist, so the missing ones are
  /// set through PATCH tag_names, which creates them, and the VM fetched again.
  boost::asio::awaitable<Result<Instance>> apply_tag_names(Instance vm, std::vector<std::string> const& names,
                                                           CallOptions call, providers::CallSite const& site);
  /// After a build of unknown outcome: with an idempotency key, the VM carrying it; without, the first VM whose hostname is the spec's name (hostnames are
  /// unique in an organization), the listing stopped as soon as it is found.
  boost::asio::awaitable<Result<Instance>> find_built(CreateSpec const& spec, ProgressCallback const& progress,
                                                      CallOptions call, Error cause);
  /// Waits `delay`, or fails with timeout (naming `what`) when that would pass the deadline.
  boost::asio::awaitable<Result<void>> pause(std::chrono::milliseconds delay, CallOptions call,
                                             providers::CallSite const& site, std::string const& what);

  Settings settings_;
  // The per-minute limit a rate_limit_reached body named, on any path (list pages included); the
  // transport's limiter was lowered to it. 0 until then. Atomic because a Provider may be used from
  // any thread of a multi-threaded io_context: two 429s answered on two threads store at once, and a
  // reader may ask meanwhile. It is one value on its own, so relaxed order is enough.
  std::atomic<int> learned_per_minute_{0};
};

}  // namespace polycloud::katapult
