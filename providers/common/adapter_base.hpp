#pragma once
// What every HTTP adapter keeps from its config and does the same way: who it is (so every error names
// the provider and operation and scrubs the credential), where it sends, the client that sends, the
// configured timeout, and the exchange of one request whose error answer becomes an Error. An adapter
// derives from it privately, beside Provider, and overrides error_for only when its error answers
// need more than its body decoder (Katapult learns its rate limit from them).

#include "providers/common/call_site.hpp"
#include "providers/common/catalog_page.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/listing_deadline.hpp"
#include "providers/common/resource_actions.hpp"

#include <polycloud/capabilities.hpp>
#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include "http/client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace polycloud::providers {

class AdapterBase {
 protected:
  /// `type` names the adapter in messages about options ("katapult"); `decode` reads its error bodies.
  AdapterBase(ProviderConfig const& config, std::string_view type, ErrorBodyDecoder decode,
              boost::asio::any_io_executor executor, std::unique_ptr<http::Client> client);
  virtual ~AdapterBase();
  AdapterBase(AdapterBase const&) = delete;
  AdapterBase& operator=(AdapterBase const&) = delete;

  /// Who is calling for `op`.
  CallSite site(Operation op) const;
  /// Who is calling for a catalog listing ("catalog sizes").
  CallSite site(CatalogPart part) const;
  /// The caller's deadline, or now + the configured timeout when the caller gave none.
  CallOptions bounded(CallOptions options) const;
  /// The deadline of one listing, shared by its page loads: see listing_deadline.hpp.
  std::shared_ptr<ListingDeadline> listing_deadline(CallOptions options) const;
  /// Sends; a transport failure is attributed to `site`, a non-2xx answer becomes error_for's Error.
  boost::asio::awaitable<Result<http::Response>> exchange(http::Request request, CallOptions call,
                                                          CallSite const& site);
  /// The Error for a non-2xx answer: error_from_response with the adapter's decoder.
  virtual Error error_for(http::Response const& response, CallSite const& site);

  /// The DELETE of resource `id` at `url` (refused before sending when `id` is unusable), sent
  /// idempotent: deleting twice leaves the same world. An error `gone` accepts is success with no
  /// answer (nullopt); otherwise the 2xx answer, for an adapter that reads it.
  boost::asio::awaitable<Result<std::optional<http::Response>>> delete_resource(std::string const& id,
                                                                                boost::urls::url url, std::string_view body,
                                                                                CallOptions options, GoneRule gone);
  /// The POST of a power action for `op` on resource `id` (power_action.hpp's resend policy). A
  /// failure after a 2xx status is done as accepted (nullopt); otherwise the 2xx answer.
  boost::asio::awaitable<Result<std::optional<http::Response>>> power_action(std::string const& id, Operation op,
                                                                             boost::urls::url url, std::string_view body,
                                                                             CallOptions options);

  /// A catalog listing through the shared pager, under the listing's own deadline (as a VM list):
  /// `load(call, cursor, sink)` loads one page within `call`. The adapter must outlive the pager's
  /// work: the shared_adapter wrapper keeps it (keep_while_listing).
  template <class Item, class Load>
  std::unique_ptr<CatalogPager<Item>> catalog_pager(CatalogOptions const& options, Paging paging, std::size_t per_page,
                                                    Load load) const {
    PagerOptions pager;
    pager.paging = paging;
    pager.site = site(catalog_part_of<Item>);
    pager.per_page = per_page;
    auto deadline = listing_deadline(options.call);
    return make_catalog_pager<Item>(executor_, std::move(pager),
                                    [deadline, load = std::move(load)](PageCursor cursor, BasicBatchSink<Item>& sink) {
                                      return load(deadline->for_request(), std::move(cursor), sink);
                                    });
  }
  /// A catalog listing of one page whose entries `produce(call)` gathers whole (a few small answers
  /// joined, or entries known without asking): delivered through the same pager, errors and deadline.
  template <class Item, class Produce>
  std::unique_ptr<CatalogPager<Item>> gathered_catalog_pager(CatalogOptions const& options, Produce produce) const {
    return catalog_pager<Item>(
        options, Paging::single, 0,
        [produce = std::move(produce)](CallOptions call, PageCursor,
                                       BasicBatchSink<Item>& sink) -> boost::asio::awaitable<Result<PageOutcome>> {
          auto items = co_await produce(call);
          if (!items) co_return items.error();
          PageOutcome outcome;
          outcome.items = items->size();
          if (auto sent = co_await deliver_all(std::move(*items), sink); !sent) co_return sent.error();
          co_return outcome;
        });
  }
  /// One catalog entry by a by-id route: the answer mapped by `mapping`, empty when the route says
  /// not found (ErrorKind::not_found).
  template <class Item>
  boost::asio::awaitable<Result<std::optional<Item>>> find_catalog_entry(http::Request request, CallOptions call,
                                                                         CallSite site, BodyLayout layout,
                                                                         BasicItemMapping<Item>& mapping) {
    auto response = co_await exchange(std::move(request), bounded(call), site);
    if (!response) {
      if (response.error().kind == ErrorKind::not_found) co_return std::optional<Item>();
      co_return response.error();
    }
    auto item = map_one(response->body, layout, mapping, site);
    if (!item) co_return item.error();
    co_return std::optional<Item>(std::move(*item));
  }
  /// The adapter's error answer mapping, for a streamed page (load_catalog_page).
  ErrorResponseMapper error_mapper(CallSite const& site) {
    return [this, site](http::Response const& response) { return error_for(response, site); };
  }

  std::string name_;
  boost::urls::url endpoint_;
  Secret secret_;  // only to scrub it from server-provided messages; the client sends it
  Aliases aliases_;
  std::chrono::seconds timeout_;
  std::chrono::seconds list_timeout_;
  boost::asio::any_io_executor executor_;
  std::unique_ptr<http::Client> client_;

 private:
  std::string_view type_;
  ErrorBodyDecoder decode_;
};

}  // namespace polycloud::providers

/// The Provider operations every adapter implements, declared once: an adapter's class says
///   class XProvider final : public Provider, private providers::AdapterBase {
///    public:
///     POLYCLOUD_ADAPTER_OPERATIONS(type_name)
/// and defines capabilities, list, get, create, remove, start, stop and reboot (provider.hpp documents
/// each; the adapter's header says what it adds: options, configured actions).
#define POLYCLOUD_ADAPTER_OPERATIONS(type_name)                                                                   \
  std::string const& name() const noexcept override { return name_; }                                          \
  std::string_view type() const noexcept override { return type_name; }                                        \
  Capabilities capabilities() const noexcept override;                                                          \
  std::unique_ptr<InstancePager> list(ListOptions options) override;                                            \
  boost::asio::awaitable<Result<Instance>> get(std::string id, GetOptions options) override;                    \
  boost::asio::awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress,                   \
                                                  CallOptions options) override;                                \
  boost::asio::awaitable<Result<void>> remove(std::string id, CallOptions options) override;                    \
  boost::asio::awaitable<Result<void>> start(std::string id, CallOptions options) override;                     \
  boost::asio::awaitable<Result<void>> stop(std::string id, CallOptions options) override;                      \
  boost::asio::awaitable<Result<void>> reboot(std::string id, CallOptions options) override;
