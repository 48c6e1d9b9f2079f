#include "http/io_deadline.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

namespace polycloud::http {
namespace asio = boost::asio;

namespace {
constexpr auto none = Clock::time_point::max();
}

struct IoDeadline::State {
  State(asio::any_io_executor const& executor, asio::ip::tcp::socket& into) : timer(executor), socket(into) {}

  asio::steady_timer timer;
  asio::ip::tcp::socket& socket;
  Clock::time_point deadline = none;
  Clock::time_point armed_for = none;  ///< when the pending wait is due; none: no wait pending
  std::uint64_t wait = 0;              ///< counts the waits: a handler for an earlier one is stale
  bool in_operation = false;
  bool closed_by_deadline = false;
};

IoDeadline::IoDeadline(asio::any_io_executor const& executor, asio::ip::tcp::socket& socket)
    : state_(std::make_shared<State>(executor, socket)) {}

// The timer goes with the state: a pending wait ends with operation_aborted and finds no state.
IoDeadline::~IoDeadline() = default;

void IoDeadline::arm(std::shared_ptr<State> const& state) {
  state->armed_for = state->deadline;
  state->timer.expires_at(state->deadline);  // cancels a pending wait
  state->timer.async_wait([weak = std::weak_ptr<State>(state), wait = ++state->wait](boost::system::error_code ec) {
    auto const held = weak.lock();
    // A wait replaced after it fell due still runs its handler, without operation_aborted: the count
    // tells that it is stale.
    if (!held || ec || held->wait != wait) return;
    held->armed_for = none;
    if (Clock::now() < held->deadline) return arm(held);  // the deadline moved later meanwhile
    // Between operations (a slow consumer of a streamed body) nothing is pending: the next
    // begin_operation finds the deadline passed, unless a later deadline is set first.
    if (!held->in_operation) return;
    held->closed_by_deadline = true;
    boost::system::error_code ignored;
    held->socket.close(ignored);
  });
}

void IoDeadline::expire_at(Clock::time_point deadline) {
  state_->deadline = deadline;
  if (deadline < state_->armed_for) arm(state_);  // earlier than the pending wait, or none pending
}

bool IoDeadline::begin_operation() {
  if (state_->deadline != none && Clock::now() >= state_->deadline) return false;
  state_->in_operation = true;
  return true;
}

void IoDeadline::end_operation(boost::system::error_code& ec) {
  state_->in_operation = false;
  if (ec && state_->closed_by_deadline) ec = boost::beast::error::timeout;
}

void IoDeadline::disarm() {
  state_->deadline = none;
  if (state_->armed_for == none) return;
  state_->armed_for = none;
  ++state_->wait;
  state_->timer.cancel();
}

}  // namespace polycloud::http
