#pragma once
// Ctrl-C and SIGTERM while a command runs (docs/cli.md, "Interrupting"): the first signal cancels the
// running operation through Asio cancellation, so its sockets close and nothing more is sent; the
// command then reports what is known and exits 128 + the signal (130, 143). A second signal exits at
// once.
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace polycloud::cli {

/// Thrown by Session::run once an interrupted operation has ended; main() reports it and exits.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal_number, std::string what_is_known);
  int signal_number() const noexcept { return signal_number_; }
  std::string const& what_is_known() const noexcept { return what_is_known_; }
  int exit_code() const noexcept { return 128 + signal_number_; }

 private:
  int signal_number_;
  std::string what_is_known_;
};

/// Prints "polycloud: interrupted by SIGINT; <what is known>" on stderr.
void report_interrupted(Interrupted const& interrupted);

class Interruption {
 public:
  /// How long a cancelled operation may take to wind down before the process exits regardless.
  static constexpr std::chrono::seconds grace{3};

  explicit Interruption(boost::asio::io_context& io);

  /// A fresh cancellation slot for the next operation (bind it to co_spawn).
  boost::asio::cancellation_slot next_slot();
  /// Once the interrupted operation has ended: a fresh slot for one short follow-up (`what`, e.g. "the
  /// lookup by idempotency key"), which finds out what the interrupted operation left. The first
  /// signal's grace period no longer runs; the next signal cancels the follow-up (saying so) instead of
  /// exiting at once, and the io_context is stopped `bound` plus the grace period from now whatever
  /// happens. A signal after that exits at once, as a second one does otherwise.
  boost::asio::cancellation_slot follow_up_slot(std::chrono::steady_clock::duration bound, std::string what);
  /// The first signal received (SIGINT, SIGTERM), or 0.
  int signal_number() const noexcept { return signal_number_; }
  /// What to tell the user if a signal ends the operation now ("the VM named web-1 may exist").
  void set_what_is_known(std::string text) { what_is_known_ = std::move(text); }
  Interrupted interrupted() const { return Interrupted(signal_number_, what_is_known_); }

 private:
  void wait();
  void on_signal(int signal_number);
  /// Stops the io_context `after` from now (a later call replaces the earlier one).
  void stop_io_after(std::chrono::steady_clock::duration after);

  boost::asio::io_context& io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer grace_timer_;
  std::unique_ptr<boost::asio::cancellation_signal> cancel_;
  int signal_number_ = 0;
  std::string what_is_known_;
  std::string follow_up_;   ///< what the running follow-up does; empty when none runs
  bool abandoned_ = false;  ///< a signal cancelled the follow-up
};

}  // namespace polycloud::cli
