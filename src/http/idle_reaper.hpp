#pragma once
// Wakes idle connection pools on time. A timer of the pool's own would be pending work on the
// caller's io_context, so io_context::run() would not return until every idle connection had
// expired (30 s after a CLI command). Instead one process-wide thread keeps the timers and, when
// one is due, posts the sweep to the pool's executor: the sweep runs as soon as that executor runs.

#include <polycloud/provider.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

namespace polycloud::http {

/// One scheduled sweep. cancel() (from the owner's executor) guarantees the sweep is not posted
/// afterwards and releases the executor at once: the owner may then go away, and its executor's
/// io_context with it, although the reaper keeps the ticket until it is due.
class SweepTicket {
 public:
  SweepTicket(boost::asio::any_io_executor executor, std::function<void()> sweep);
  void cancel() noexcept;
  void fire();  ///< called on the reaper's thread when due

 private:
  struct State;
  std::shared_ptr<State> state_;
};

/// Posts `sweep` to `executor` at `when`, unless the returned ticket is cancelled first.
std::shared_ptr<SweepTicket> schedule_sweep(boost::asio::any_io_executor executor, Clock::time_point when,
                                            std::function<void()> sweep);

}  // namespace polycloud::http
