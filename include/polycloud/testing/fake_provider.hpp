#pragma once
// An in-memory Provider for tests of the layers above the seam (fleet, CLI, users' own code).
// Deterministic, no network; failures and latency are injected per operation.

#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::testing {

class FakeProvider final : public Provider {
 public:
  explicit FakeProvider(std::string name, std::size_t page_size = 2);

  /// Seeds an instance (provider and provider_type are overwritten with this provider's).
  void add(Instance instance);
  std::vector<Instance> const& instances() const noexcept { return instances_; }
  /// The next call of `op` fails with `error` (queued: several calls queue several failures).
  void fail_next(Operation op, Error error);
  /// The call of `op` after the next `succeeding` ones fails with `error` (a listing cut after some
  /// pages: list counts a call per page). Queued behind earlier failures, like fail_next.
  void fail_after(Operation op, std::size_t succeeding, Error error);
  /// Every call of `op` first waits this long on a timer (to test deadlines and concurrency).
  void set_delay(Operation op, std::chrono::milliseconds delay);
  void set_capabilities(Capabilities capabilities) { capabilities_ = capabilities; }
  /// How many times `op` was called (list counts pages fetched).
  int calls(Operation op) const;

  std::string const& name() const noexcept override { return name_; }
  std::string_view type() const noexcept override { return "fake"; }
  Capabilities capabilities() const noexcept override { return capabilities_; }

  std::unique_ptr<InstancePager> list(ListOptions options) override;
  boost::asio::awaitable<Result<Instance>> get(std::string id, GetOptions options) override;
  boost::asio::awaitable<Result<Instance>> create(CreateSpec spec, ProgressCallback progress,
                                                  CallOptions options) override;
  boost::asio::awaitable<Result<void>> remove(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> start(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> stop(std::string id, CallOptions options) override;
  boost::asio::awaitable<Result<void>> reboot(std::string id, CallOptions options) override;
  /// A create's idempotency key is kept in Instance::extras["idempotency_key"]; a keyed create adopts
  /// the one instance carrying it, and several are a conflict, as the built-in adapters do.
  boost::asio::awaitable<Result<std::map<std::string, std::vector<Instance>>>> find_by_idempotency_keys(
      std::vector<std::string> keys, CallOptions options) override;

 private:
  class Pager;
  /// Common prologue: capability, deadline, injected delay and failure. An error ends the call.
  boost::asio::awaitable<Result<void>> enter(Operation op, CallOptions const& options);
  boost::asio::awaitable<Result<void>> set_state(Operation op, std::string const& id, State state,
                                                 CallOptions const& options);
  Instance* find(std::string const& id);

  std::string name_;
  std::size_t page_size_;
  Capabilities capabilities_;
  std::vector<Instance> instances_;
  std::map<Operation, std::deque<std::optional<Error>>> failures_;  ///< nullopt: that call succeeds
  std::map<Operation, std::chrono::milliseconds> delays_;
  std::map<Operation, int> calls_;
  int next_id_ = 1;
};

/// The "fake" config type: {"type": "fake", "instances": N} seeds N deterministic instances.
ProviderType fake_provider_type();

}  // namespace polycloud::testing
