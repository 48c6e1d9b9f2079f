#pragma once
// Ctrl-C and SIGTERM while a command runs (docs/cli.md, "Interrupting"): the first signal cancels the
// running operation through Asio cancellation, so its sockets close and nothing more is sent; the
// command then reports what is known and exits 128 + the signal (130, 143). A second signal exits at
// once.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace polycloud::cli {

/// Thrown by Interruption::run once an interrupted operation has ended; main() reports it and exits.
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

  /// Runs one coroutine on the io_context to completion (Session::run). On SIGINT/SIGTERM the coroutine
  /// is cancelled and, once it has ended, Interrupted is thrown (main reports it and exits 130/143).
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    if (signal_number_ != 0) throw interrupted();
    auto future = boost::asio::co_spawn(io_, std::move(task),
                                        boost::asio::bind_cancellation_slot(next_slot(), boost::asio::use_future));
    run_until_ready(future);
    if (signal_number_ != 0) {
      // Not ready: the operation still holds references into the caller: exit without unwinding through it.
      if (!ready(future)) exit_interrupted();
      throw interrupted();
    }
    return future.get();
  }

  /// After run() threw Interrupted: runs `task`, a short follow-up that finds out what the interrupted
  /// operation left (`what`: "the lookup by idempotency key", for the message). The first signal's
  /// grace period no longer runs; the next signal cancels the follow-up (saying so) instead of exiting
  /// at once, and the io_context is stopped `bound` plus the grace period from now whatever happens.
  /// A signal after that exits at once, as a second one does otherwise. nullopt when the task ended by
  /// an exception (its cancellation); when it does not end at all, the process exits as run()'s does.
  template <class T>
  std::optional<T> run_follow_up(boost::asio::awaitable<T> task, std::chrono::steady_clock::duration bound,
                                 std::string what) {
    auto future = boost::asio::co_spawn(
        io_, std::move(task),
        boost::asio::bind_cancellation_slot(follow_up_slot(bound, std::move(what)), boost::asio::use_future));
    run_until_ready(future);
    if (!ready(future)) exit_interrupted();  // see run(): the task still refers to the caller
    try {
      return future.get();
    } catch (boost::system::system_error const&) {
      return std::nullopt;  // cancelled where Asio throws (an awaited operation after the cancellation)
    }
  }

  /// Between operations (a wait of the CLI's own, such as reading --ssh-key from a pipe): runs the
  /// signal handlers due, and throws Interrupted once SIGINT or SIGTERM arrived.
  void check_interrupted();

  /// What the signal set's handler calls with each signal; tests deliver one at a chosen point with it.
  void deliver(int signal_number);
  /// The first signal received (SIGINT, SIGTERM), or 0.
  int signal_number() const noexcept { return signal_number_; }
  /// What to tell the user if a signal ends the operation now ("the VM named web-1 may exist").
  void set_what_is_known(std::string text) { what_is_known_ = std::move(text); }
  Interrupted interrupted() const { return Interrupted(signal_number_, what_is_known_); }

 private:
  /// A fresh cancellation slot for the next operation (bound to its co_spawn).
  boost::asio::cancellation_slot next_slot();
  /// next_slot() for a follow-up (run_follow_up), with the follow-up's rules armed.
  boost::asio::cancellation_slot follow_up_slot(std::chrono::steady_clock::duration bound, std::string what);
  /// Cancels the running operation from a handler of its own (interruption.cpp says why).
  void cancel_running();
  void wait();
  /// Stops the io_context `after` from now (a later call replaces the earlier one).
  void stop_io_after(std::chrono::steady_clock::duration after);
  /// Reports the interruption and exits without unwinding: an operation that did not end still refers
  /// to its caller's stack.
  [[noreturn]] void exit_interrupted() const;

  template <class Future>
  static bool ready(Future const& future) {
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  template <class Future>
  void run_until_ready(Future const& future) {
    io_.restart();
    // Not io_.run(): the signal wait stays pending between operations and would keep it running.
    while (!ready(future))
      if (io_.run_one() == 0) break;  // stopped: the grace period after a signal ran out
  }

  boost::asio::io_context& io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer grace_timer_;
  std::shared_ptr<boost::asio::cancellation_signal> cancel_;  ///< shared: a queued emission keeps its own
  int signal_number_ = 0;
  std::string what_is_known_;
  std::string follow_up_;   ///< what the running follow-up does; empty when none runs
  bool abandoned_ = false;  ///< a signal cancelled the follow-up
};

}  // namespace polycloud::cli
