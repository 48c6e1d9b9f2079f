#include "terminal/interruption.hpp"
#include "output/streams.hpp"

#include "output/visible_text.hpp"

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
  cancel_ = std::make_unique<boost::asio::cancellation_signal>();
  return cancel_->slot();
}

void Interruption::wait() {
  signals_.async_wait([this](boost::system::error_code ec, int signal_number) {
    if (ec) return;  // the signal set is being destroyed
    on_signal(signal_number);
    wait();
  });
}

boost::asio::cancellation_slot Interruption::follow_up_slot(std::chrono::steady_clock::duration bound,
                                                          std::string what) {
  follow_up_ = std::move(what);
  stop_io_after(bound + grace);  // replaces the first signal's grace period: that operation has ended
  return next_slot();
}

void Interruption::on_signal(int signal_number) {
  if (signal_number_ != 0 && !follow_up_.empty() && !abandoned_) {
    // The user does not want to wait for the follow-up: it is cancelled, and what was known before
    // it is reported.
    abandoned_ = true;
    print_err("\npolycloud: {} again, abandoning {}\n", signal_name(signal_number), follow_up_);
    if (cancel_) cancel_->emit(boost::asio::cancellation_type::terminal);
    stop_io_after(grace);
    return;
  }
  if (signal_number_ != 0) {
    // The second signal: the user does not want to wait for the cancellation to finish.
    print_err("\npolycloud: {} again, exiting at once\n", signal_name(signal_number));
    std::_Exit(128 + signal_number);
  }
  signal_number_ = signal_number;
  if (cancel_) cancel_->emit(boost::asio::cancellation_type::terminal);
  // If the operation ignores cancellation past the grace period, stop waiting for it: Session::run
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
