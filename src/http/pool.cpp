#include "http/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace polycloud::http {
namespace asio = boost::asio;

Lease::Lease(std::shared_ptr<OriginPool> pool, std::unique_ptr<Connection> idle_connection)
    : pool_(std::move(pool)), connection_(std::move(idle_connection)), reused_(connection_ != nullptr) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)),
      connection_(std::move(other.connection_)),
      reused_(other.reused_),
      keep_(other.keep_) {}

Lease::~Lease() {
  if (!pool_) return;  // moved from
  if (connection_ && keep_) pool_->park(std::move(connection_));
  connection_.reset();
  pool_->release_slot();
}

void Lease::attach(std::unique_ptr<Connection> fresh) noexcept {
  connection_ = std::move(fresh);
  reused_ = false;
  keep_ = false;
}

void Lease::discard() noexcept {
  connection_.reset();
  keep_ = false;
}

OriginPool::OriginPool(asio::any_io_executor executor, std::size_t max_connections,
                       std::chrono::milliseconds idle_timeout)
    : executor_(std::move(executor)),
      max_connections_(std::max<std::size_t>(1, max_connections)),
      idle_timeout_(idle_timeout) {}

OriginPool::~OriginPool() {
  if (sweep_) sweep_->cancel();
}

asio::awaitable<Result<Lease>> OriginPool::acquire(Clock::time_point deadline) {
  if (in_use_ < max_connections_ && waiters_.empty()) {
    ++in_use_;
    co_return Lease{shared_from_this(), take_idle()};
  }

  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  waiter->timer.expires_at(deadline);
  waiters_.push_back(waiter);
  // If the wait ends by an exception (cancellation), a slot granted meanwhile must not leak.
  struct Unqueue {
    OriginPool* pool;
    std::shared_ptr<Waiter> waiter;
    bool done = false;
    ~Unqueue() {
      if (done) return;
      if (waiter->granted) {
        pool->release_slot();
      } else {
        pool->forget(waiter);
      }
    }
  } unqueue{this, waiter};

  co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  unqueue.done = true;
  if (waiter->granted) co_return Lease{shared_from_this(), take_idle()};
  forget(waiter);
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  if (cancellation.cancelled() != asio::cancellation_type::none) {
    co_return make_error(ErrorKind::cancelled, "cancelled by the caller while waiting for a free connection");
  }
  co_return make_error(ErrorKind::timeout, "deadline passed while waiting for a free connection (all " +
                                               std::to_string(max_connections_) + " busy)");
}

void OriginPool::release_slot() noexcept {
  // Hand the slot straight to the oldest waiter: in_use_ stays the same.
  if (!waiters_.empty()) {
    auto waiter = std::move(waiters_.front());
    waiters_.pop_front();
    waiter->granted = true;
    waiter->timer.cancel();
    return;
  }
  --in_use_;
}

void OriginPool::forget(std::shared_ptr<Waiter> const& waiter) noexcept {
  auto const found = std::find(waiters_.begin(), waiters_.end(), waiter);
  if (found != waiters_.end()) waiters_.erase(found);
}

void OriginPool::park(std::unique_ptr<Connection> connection) {
  idle_.push_back({std::move(connection), Clock::now()});
  schedule_sweep_if_idle();
}

void OriginPool::close_expired() {
  auto const now = Clock::now();
  std::erase_if(idle_, [&](Idle const& idle) { return now - idle.since >= idle_timeout_; });
}

void OriginPool::schedule_sweep_if_idle() {
  if (sweep_ || idle_.empty()) return;
  // The oldest idle connection is first: sweep when it is due, then again for the next one.
  sweep_ = schedule_sweep(executor_, idle_.front().since + idle_timeout_,
                          [weak = weak_from_this()] {
                            auto const pool = weak.lock();
                            if (!pool) return;
                            pool->sweep_.reset();
                            pool->close_expired();
                            pool->schedule_sweep_if_idle();
                          });
}

std::unique_ptr<Connection> OriginPool::take_idle() {
  close_expired();  // a sweep may not have run yet if the executor was busy
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back().connection);
    idle_.pop_back();
    if (connection->looks_alive()) return connection;
  }
  return nullptr;
}

}  // namespace polycloud::http
