#include "terminal/interruption.hpp"
#include "output/streams.hpp"

#include "output/visible_text.hpp"

#include <boost/asio/post.hpp>

#include <fmt/core.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace polycloud::cli {

namespace {
char const* signal_name(int signal_number) noexcept {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}
}  // namespace

Interrupted::Interrupted(int signal_number, std::string what_is_known)
    : std::runtime_error(std::string("interrupted by ") + signal_name(signal_number)),
      signal_number_(signal_number),
      what_is_known_(std::move(what_is_known)) {}

void report_interrupted(Interrupted const& interrupted) {
  if (interrupted.what_is_known().empty())
    print_err("polycloud: {}; the operation was cancelled\n", interrupted.what());
  else
    print_err("polycloud: {}; the operation was cancelled: {}\n", interrupted.what(),
               visible_controls(interrupted.what_is_known()));  // it can hold an id a provider chose
}

Interruption::Interruption(boost::asio::io_context& io)
    : io_(io), signals_(io, SIGINT, SIGTERM), grace_timer_(io) {
  wait();
}

boost::asio::cancellation_slot Interruption::next_slot() {
  // A new signal per operation: a slot keeps the handler of the operation it was last bound to.
  cancel_ = std::make_shared<boost::asio::cancellation_signal>();
  return cancel_->slot();
}

void Interruption::cancel_running() {
  // Not emitted here: a signal handled before a just-spawned operation's first step would cancel it
  // before it ever ran, and Boost 1.81's co_spawn then throws operation_aborted out of
  // io_context::run_one instead of completing (chriskohlhoff/asio#1452): "terminate called after
  // throwing ... co_await: Operation canceled". Posted, the emission runs behind that first step and
  // cancels the operation where it waits. It keeps the signal it was meant for: a follow-up spawned
  // meanwhile has its own.
  if (!cancel_) return;
  boost::asio::post(io_, [signal = cancel_] { signal->emit(boost::asio::cancellation_type::terminal); });
}

void Interruption::check_interrupted() {
  io_.restart();
  io_.poll();
  if (signal_number_ != 0) throw interrupted();
}

void Interruption::exit_interrupted() const {
  report_interrupted(interrupted());
  std::_Exit(interrupted().exit_code());
}

void Interruption::wait() {
  signals_.async_wait([this](boost::system::error_code ec, int signal_number) {
    if (ec) return;  // the signal set is being destroyed
    deliver(signal_number);
    wait();
  });
}

boost::asio::cancellation_slot Interruption::follow_up_slot(std::chrono::steady_clock::duration bound,
                                                          std::string what) {
  follow_up_ = std::move(what);
  stop_io_after(bound + grace);  // replaces the first signal's grace period: that operation has ended
  return next_slot();
}

void Interruption::deliver(int signal_number) {
  if (signal_number_ != 0 && !follow_up_.empty() && !abandoned_) {
    // The user does not want to wait for the follow-up: it is cancelled, and what was known before
    // it is reported.
    abandoned_ = true;
    print_err("\npolycloud: {} again, abandoning {}\n", signal_name(signal_number), follow_up_);
    cancel_running();
    stop_io_after(grace);
    return;
  }
  if (signal_number_ != 0) {
    // The second signal: the user does not want to wait for the cancellation to finish.
    print_err("\npolycloud: {} again, exiting at once\n", signal_name(signal_number));
    std::_Exit(128 + signal_number);
  }
  signal_number_ = signal_number;
  cancel_running();
  // If the operation ignores cancellation past the grace period, stop waiting for it: run()
  // sees a stopped io_context and ends the process with the same report.
  stop_io_after(grace);
}

void Interruption::stop_io_after(std::chrono::steady_clock::duration after) {
  grace_timer_.expires_after(after);  // a wait armed before ends with operation_aborted
  grace_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) io_.stop();
  });
}

}  // namespace polycloud::cli
