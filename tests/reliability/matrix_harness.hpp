#pragma once
// The fault matrix's harness: the three simulators of one sandbox, a fresh provider per row (so no
// pooled connection or retry budget leaks between rows), one operation run against one queued fault,
// and what the simulator saw. Used by the matrix, the credential scan and the load test.
#include "sim/sandbox.hpp"

#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace polycloud::reliability {

enum class Op { list, get, create, power, reboot, catalog };  ///< power: a stop; catalog: the sizes
char const* to_string(Op op) noexcept;

/// A create the sandbox's simulator of `type` ("openscaler", "katapult", "bycloud") accepts.
CreateSpec spec_for(std::string const& type, std::string name);

/// One matrix row's fault, as POSTed to /__sim/faults (without method/path: the row's op picks them).
struct FaultSpec {
  std::string label;         ///< "status 503", "reset mid-body"…
  boost::json::object spec;  ///< {"fault":"status","status":503}
};

/// What one operation did against one fault.
struct Outcome {
  std::optional<Error> error;  ///< empty: succeeded
  std::uint64_t requests = 0;  ///< every request the simulator saw during the operation
  std::uint64_t posts = 0;     ///< of which POSTs (a create's POST must never be sent twice)
  std::chrono::milliseconds took{0};
};

class MatrixEnv {
 public:
  /// `type`: "openscaler", "katapult" or "bycloud"; `instances` generated per provider. Each stop row
  /// takes an idle running VM, and one whose stalled stop may still land is not taken again
  /// (running_id): 60 leave ByCloud enough idle ACTIVE ones for 20 stop rows, and lists stay one page.
  explicit MatrixEnv(std::string type, std::size_t instances = 60);

  std::string const& type() const noexcept { return type_; }
  sim::Server& server() noexcept;
  /// A provider as a user would configure it, on this env's io_context, tracing into `trace`.
  std::unique_ptr<Provider> provider(TraceSink trace = {});
  /// The tokens configured for this provider: none may appear in any output.
  std::vector<std::string> secrets() const;

  /// Queues `fault` for `op`'s request, runs `op` on a fresh provider with `call` and reports.
  Outcome run(Op op, FaultSpec const& fault, CallOptions call, TraceSink trace = {});

  template <class Factory>
  auto run_coro(Factory&& make) {
    auto future = boost::asio::co_spawn(io_, std::forward<Factory>(make)(), boost::asio::use_future);
    io_.restart();
    io_.run();
    return future.get();
  }

 private:
  /// A running VM that accepts an action now (not one still busy with an earlier row's stop). With
  /// `for_action`, also not one an earlier row's stalled action was sent to: the row gave up at its
  /// deadline, and the simulator carries the action out when the stall ends, in the middle of a later row.
  std::string running_id(Provider& provider, bool for_action);
  boost::asio::awaitable<Result<void>> perform(Provider& provider, Op op, std::string id, CallOptions call);

  std::string type_;
  boost::asio::io_context io_;
  std::unique_ptr<sim::Sandbox> sandbox_;  // stopped before the io_context holding client sockets goes
  ProviderConfig config_;
  int created_ = 0;
  std::set<std::string> stalled_actions_;  ///< VMs sent a power action that stalled: it may still land
};

/// Every fault of the matrix for an operation that carries no event stream.
std::vector<FaultSpec> plain_faults();

}  // namespace polycloud::reliability
