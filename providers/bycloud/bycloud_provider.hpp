#pragma once
// The ByCloud Provider: each neutral operation as ByCloud requests through the internal HTTP client.
// Only what ByCloud does differently is here: request shapes (requests.hpp, inferred_routes.hpp), the
// instance mapping (vm_mapping.hpp), the error body (errors.hpp), the state table (state_table.hpp),
// the wait after a create (build_wait.hpp). Paging, streaming and error mapping are the toolkit's.

#include "providers/bycloud/requests.hpp"
#include "providers/bycloud/settings.hpp"
#include "providers/common/adapter_base.hpp"
#include "providers/common/pager.hpp"

#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include "http/client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/url/url.hpp>

#include <memory>
#include <string>

namespace polycloud::bycloud {

class ByCloudProvider final : public Provider, private providers::AdapterBase {
 public:
  /// ErrorKind::config for bad settings, both or neither credential, or a client the transport refuses.
  static Result<std::unique_ptr<ByCloudProvider>> make(ProviderConfig const& config, ProviderContext const& context);

  std::string const& name() const noexcept override { return name_; }
  std::string_view type() const noexcept override { return type_name; }
  Capabilities capabilities() const noexcept override;

  /// Marker paging at the configured limit (ListOptions::page_size overrides it). Provider options
  /// flavor_id and image_id filter server-side.
  std::unique_ptr<InstancePager> list(ListOptions options) override;
  boost::asio::awaitable<Result<Instance>> get(std::string id, GetOptions options) override;
  /// Provider options key_name, networks, security_groups. Waits until ACTIVE (or ERROR, an error).
  boost::asio::awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress,
                                                  CallOptions options) override;
  boost::asio::awaitable<Result<void>> remove(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> start(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> stop(std::string id, CallOptions options) override;
  /// The configured reboot_type (SOFT by default).
  boost::asio::awaitable<Result<void>> reboot(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> reboot(std::string id, RebootType type, CallOptions options);

 private:
  ByCloudProvider(ProviderConfig const& config, Settings settings, boost::asio::any_io_executor executor,
                  std::unique_ptr<http::Client> client);

  std::unique_ptr<InstancePager> pager(Result<ListQuery> query, InstanceFilter filter, bool raw, CallOptions call);
  boost::asio::awaitable<Result<providers::PageOutcome>> load_page(ListQuery query, bool raw, CallOptions call,
                                                                   providers::PageCursor cursor,
                                                                   providers::BatchSink& sink);
  boost::asio::awaitable<Result<Instance>> fetch_instance(std::string id, bool raw, CallOptions call,
                                                          providers::CallSite site);
  /// After a create whose answer was lost: the one instance with that name, else unknown_outcome.
  boost::asio::awaitable<Result<Instance>> find_created(std::string name, CallOptions call, Error cause);
  boost::asio::awaitable<Result<void>> action(std::string id, std::string_view action, std::string body,
                                              Operation op, CallOptions options);

  std::string region_;  // the endpoint's, for instances without a crn
  Settings settings_;
};

}  // namespace polycloud::bycloud
