#pragma once
// The ByCloud Provider: each neutral operation as ByCloud requests through the internal HTTP client.
// Only what ByCloud does differently is here: request shapes (requests.hpp, inferred_routes.hpp), the
// instance mapping (vm_mapping.hpp), the error body (errors.hpp), the state table (state_table.hpp),
// the wait after a create (build_wait.hpp). Paging, streaming and error mapping are the toolkit's.

#include "providers/bycloud/requests.hpp"
#include "providers/bycloud/settings.hpp"
#include "providers/common/adapter_base.hpp"
#include "providers/common/pager.hpp"
#include "providers/common/ssh_keys.hpp"

namespace polycloud::bycloud {

class ByCloudProvider final : public Provider, private providers::AdapterBase {
 public:
  /// ErrorKind::config for bad settings, both or neither credential, or a client the transport refuses.
  static Result<std::unique_ptr<ByCloudProvider>> make(ProviderConfig const& config, ProviderContext const& context);

  // list: marker paging at the configured limit (ListOptions::page_size overrides it); provider options
  // flavor_id and image_id filter server-side.
  // create: provider options key_name, networks, security_groups; one SSH public key becomes the
  // key_name of a keypair holding it (reused, or created under PublicKey::registered_name()); waits
  // until ACTIVE (or ERROR, an error).
  // reboot: the configured reboot_type (SOFT by default).
  POLYCLOUD_ADAPTER_OPERATIONS(type_name)
  /// The key is the metadata entry `polycloud-key` plus the tag idempotency_tag(key). One key: the
  /// listing filtered on that tag (one page, usually empty or of one instance), the metadata value
  /// confirmed on each; several keys: the `tags` filter needs every tag it names, so one listing of all.
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override;
  boost::asio::awaitable<Result<void>> reboot(std::string id, RebootType type, CallOptions options);

  // The catalog (bycloud_catalog.cpp): flavors and images through the inferred routes, bare or
  // wrapped; the region is the endpoint's.
  std::unique_ptr<SizePager> sizes(CatalogOptions options) override;
  std::unique_ptr<ImagePager> images(CatalogOptions options) override;
  std::unique_ptr<RegionPager> regions(CatalogOptions options) override;

 private:
  ByCloudProvider(ProviderConfig const& config, Settings settings, boost::asio::any_io_executor executor,
                  std::unique_ptr<http::Client> client);

  /// A catalog part answered by one GET of `url`, its items at `layout`, mapped by a `Mapping`.
  template <class Item, class Mapping>
  std::unique_ptr<CatalogPager<Item>> single_route(CatalogOptions const& options, boost::urls::url url,
                                                   providers::BodyLayout layout);
  std::unique_ptr<InstancePager> pager(Result<ListQuery> query, InstanceFilter filter, bool raw, CallOptions call);
  /// A listing's stream, its mapping and its envelope, kept from page to page (bycloud_provider.cpp).
  struct PageReader;
  boost::asio::awaitable<Result<providers::PageOutcome>> load_page(ListQuery query, std::shared_ptr<PageReader> reader,
                                                                   CallOptions call, providers::PageCursor cursor,
                                                                   providers::BatchSink& sink);
  boost::asio::awaitable<Result<Instance>> fetch_instance(std::string id, bool raw, CallOptions call,
                                                          providers::CallSite site);
  /// The POST of `body`, never re-sent; an answer lost (or unreadable) is settled by find_created.
  boost::asio::awaitable<Result<Instance>> send_create(boost::json::object const& body, CreateSpec const& spec,
                                                       CallOptions call, providers::CallSite const& where);
  /// After a create whose answer was lost: the one instance carrying the spec's idempotency key, or
  /// without a key the one instance with its name; else unknown_outcome.
  boost::asio::awaitable<Result<Instance>> find_created(CreateSpec const& spec, CallOptions call, Error cause);
  /// The create body; with an SSH public key, its key_name is a keypair holding it (ensure_keypair),
  /// the spec checked first so that a bad one sends nothing.
  boost::asio::awaitable<Result<boost::json::object>> keyed_body(CreateSpec const& spec, CallOptions call,
                                                                 providers::CallSite const& site);
  /// The name of a keypair holding `key`: one listed with the same public key (or fingerprint), else
  /// one created under key.registered_name() (bycloud_keys.cpp); a create refused because a concurrent
  /// one made that keypair first is settled by listing once more.
  boost::asio::awaitable<Result<std::string>> ensure_keypair(providers::PublicKey const& key, CallOptions call,
                                                             providers::CallSite const& site);
  /// The name of a listed keypair holding `key`, if any.
  boost::asio::awaitable<Result<std::optional<std::string>>> find_keypair(providers::PublicKey const& key,
                                                                          CallOptions call,
                                                                          providers::CallSite const& site);
  boost::asio::awaitable<Result<void>> action(std::string id, std::string_view action, std::string body,
                                              Operation op, CallOptions options);

  std::string region_;  // the endpoint's, for instances without a crn
  Settings settings_;
};

}  // namespace polycloud::bycloud
