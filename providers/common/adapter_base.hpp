#pragma once
// What every HTTP adapter keeps from its config and does the same way: who it is (so every error names
// the provider and operation and scrubs the credential), where it sends, the client that sends, the
// configured timeout, and the exchange of one request whose error answer becomes an Error. An adapter
// derives from it privately, beside Provider, and overrides error_for only when its error answers
// need more than its body decoder (Katapult learns its rate limit from them).

#include "providers/common/call_site.hpp"
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
