#pragma once
// Connection pool of one origin: at most max_connections open at once (waiters queue in order
// until one is released or their deadline passes), keep-alive reuse of idle connections, idle expiry
// by a sweep the idle reaper posts when the oldest idle connection is due.
// Not thread-safe by itself: the Client touches it only on its strand, which is `executor`.

#include "http/connection.hpp"
#include "http/idle_reaper.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <memory>
#include <vector>

namespace polycloud::http {

class OriginPool;

/// The right to use one connection slot; gives the slot back when destroyed. The connection goes
/// back to the idle list only after keep() (a complete, keep-alive exchange); otherwise it is closed,
/// which is what cancellation, deadlines and errors need.
class Lease {
 public:
  Lease(std::shared_ptr<OriginPool> pool, std::unique_ptr<Connection> idle_connection);
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  Connection* connection() const noexcept { return connection_.get(); }
  bool reused() const noexcept { return reused_; }  ///< the connection came from the idle list
  void attach(std::unique_ptr<Connection> fresh) noexcept;
  void discard() noexcept;  ///< close the connection now, keep the slot
  void keep() noexcept { keep_ = true; }

 private:
  std::shared_ptr<OriginPool> pool_;
  std::unique_ptr<Connection> connection_;
  bool reused_ = false;
  bool keep_ = false;
};

class OriginPool : public std::enable_shared_from_this<OriginPool> {
 public:
  OriginPool(boost::asio::any_io_executor executor, std::size_t max_connections,
             std::chrono::milliseconds idle_timeout);
  ~OriginPool();
  OriginPool(OriginPool const&) = delete;
  OriginPool& operator=(OriginPool const&) = delete;

  /// A slot by `deadline` (ErrorKind::timeout otherwise), with a live idle connection when there is one.
  boost::asio::awaitable<Result<Lease>> acquire(Clock::time_point deadline);

  std::size_t in_use() const noexcept { return in_use_; }
  std::size_t idle() const noexcept { return idle_.size(); }

 private:
  friend class Lease;
  struct Waiter {
    explicit Waiter(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
    boost::asio::steady_timer timer;
    bool granted = false;  ///< a releasing lease handed its slot to this waiter
  };
  struct Idle {
    std::unique_ptr<Connection> connection;
    Clock::time_point since;
  };

  void release_slot() noexcept;
  void park(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> take_idle();
  void forget(std::shared_ptr<Waiter> const& waiter) noexcept;
  void close_expired();
  void schedule_sweep_if_idle();

  boost::asio::any_io_executor executor_;
  std::shared_ptr<SweepTicket> sweep_;  ///< set while a sweep is scheduled

  std::size_t max_connections_;
  std::chrono::milliseconds idle_timeout_;
  std::size_t in_use_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  std::vector<Idle> idle_;  ///< most recently used last
};

}  // namespace polycloud::http
