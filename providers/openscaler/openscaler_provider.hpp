#pragma once
// The OpenScaler Provider: turns each neutral operation into OpenScaler requests through the internal
// HTTP client and maps the answers back. Request shapes live in requests.hpp, JSON mapping in
// vm_mapping.hpp, error bodies in errors.hpp, the create event stream in create_stream.hpp.

#include "providers/common/adapter_base.hpp"
#include "providers/common/pager.hpp"
#include "providers/openscaler/requests.hpp"
#include "providers/openscaler/settings.hpp"

#include <cstdint>
#include <mutex>
#include <random>

namespace polycloud::openscaler {

class OpenScalerProvider final : public Provider, private providers::AdapterBase {
 public:
  /// ErrorKind::config for bad settings, a missing token or a client the transport refuses.
  static Result<std::unique_ptr<OpenScalerProvider>> make(ProviderConfig const& config,
                                                          ProviderContext const& context);

  // list: provider option "project_id" overrides the configured project for this listing.
  // get: provider option "only": ["state","disks","network"] (or "state,network"); basic is always sent.
  // create: provider options "password" and "project_id".
  // stop and reboot: the configured stop_action (shutdown or power_off) and reboot_action (reboot or reset).
  POLYCLOUD_ADAPTER_OPERATIONS(type_name)
  /// The key is a marker word in the VM's description (key_marker.hpp): OpenScaler has no tags and no
  /// list filter, so any number of keys costs one streamed listing of the configured project.
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override;

  /// Any documented power action. `op` names the neutral operation in errors.
  boost::asio::awaitable<Result<void>> power(std::string id, PowerAction action, Operation op, CallOptions options);

 private:
  OpenScalerProvider(ProviderConfig const& config, ProviderContext const& context, Settings settings,
                     std::unique_ptr<http::Client> client);

  /// The generic error body, with a hint on a stop that timed out.
  Error error_for(http::Response const& response, CallSite const& site) override;
  /// Streams the project's VMs into `sink`; the number of VMs mapped.
  boost::asio::awaitable<Result<std::size_t>> stream_list(ListOptions const& options, providers::BatchSink& sink);
  /// The VMs of `project` carrying each of `keys`, in one streamed listing.
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_keys(
      std::vector<std::string> const& keys, std::string const& project, CallOptions call);
  /// After a create of unknown outcome: the VM carrying the spec's idempotency key in `project`, or
  /// without a key the VM named like the spec, if exactly one is found.
  boost::asio::awaitable<Result<Instance>> find_created(CreateSpec const& spec, std::string const& project,
                                                        std::int64_t sequence_id, CallOptions call, Error cause);

  /// A fresh sequence id for one create, 1..2^31-1; safe from any thread (see provider.hpp).
  std::int64_t next_sequence_id();

  Settings settings_;
  std::mutex sequence_mutex_;  // creates may run on several threads at once; the engine is not thread-safe
  std::mt19937_64 sequence_ids_;
};

}  // namespace polycloud::openscaler
