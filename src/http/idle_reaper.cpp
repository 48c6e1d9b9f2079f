#include "http/idle_reaper.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <mutex>
#include <utility>
#include <thread>

namespace polycloud::http {
namespace asio = boost::asio;

struct SweepTicket::State {
  std::mutex mutex;
  bool cancelled = false;
  asio::any_io_executor executor;
  std::function<void()> sweep;
};

SweepTicket::SweepTicket(asio::any_io_executor executor, std::function<void()> sweep)
    : state_(std::make_shared<State>()) {
  state_->executor = std::move(executor);
  state_->sweep = std::move(sweep);
}

void SweepTicket::cancel() noexcept {
  // Drop the executor now, on the owner's side, while its io_context still exists: the reaper's
  // timer keeps this state until it is due, and an executor (a strand's implementation above all)
  // destroyed after its io_context writes into freed memory.
  asio::any_io_executor executor;
  std::function<void()> sweep;
  {
    std::lock_guard const lock{state_->mutex};
    state_->cancelled = true;
    executor = std::exchange(state_->executor, {});
    sweep = std::exchange(state_->sweep, {});
  }
}

void SweepTicket::fire() {
  std::lock_guard const lock{state_->mutex};
  if (state_->cancelled) return;
  // The handler takes the lock first, so it cannot finish (and the owner cannot go on to destroy its
  // io_context) before this post, with every executor copy it made, is over. The handler then drops
  // the executor on the owner's side: the reaper's timer may hold this state a little longer.
  asio::post(state_->executor, [state = state_] {
    std::function<void()> sweep;
    {
      std::lock_guard const held{state->mutex};
      if (state->cancelled) return;  // cancelled after the post: no sweep after cancel()
      state->cancelled = true;       // a ticket sweeps once
      sweep = std::exchange(state->sweep, {});
      state->executor = {};
    }
    sweep();
  });
}

namespace {

/// The timer thread: started on first use, never stopped. Deliberately leaked, so that no static
/// destructor races a timer that is still due at process exit.
asio::io_context& reaper_context() {
  static asio::io_context* const context = [] {
    auto* io = new asio::io_context{1};
    std::thread{[io] {
      auto const keep_running = asio::make_work_guard(*io);
      io->run();
    }}.detach();
    return io;
  }();
  return *context;
}

}  // namespace

std::shared_ptr<SweepTicket> schedule_sweep(asio::any_io_executor executor, Clock::time_point when,
                                            std::function<void()> sweep) {
  auto ticket = std::make_shared<SweepTicket>(std::move(executor), std::move(sweep));
  auto& context = reaper_context();
  asio::post(context, [&context, ticket, when] {
    auto timer = std::make_shared<asio::steady_timer>(context, when);
    timer->async_wait([timer, ticket](boost::system::error_code const&) { ticket->fire(); });
  });
  return ticket;
}

}  // namespace polycloud::http
