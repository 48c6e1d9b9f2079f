#pragma once
// A connection's I/O deadline, kept by one timer for a whole exchange instead of one per read or write.
// Beast's tcp_stream arms a timer around every operation and cancels it when the operation completes:
// listing ByCloud, that was three timerfd_settime calls and three cancelled waits (each a pass of the
// event loop) a page; with one timer an exchange the CLI's CPU listing 20,000 VMs went 0.972×. Deadlines here
// mostly move later (now + a timeout, read after read), so the timer stays set for the earliest one and,
// when due, looks at the deadline in force then. Internal: includes Asio.

#include <polycloud/deadline.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <memory>

namespace polycloud::http {

/// Used from the socket's executor only (the client's strand), like the socket itself.
class IoDeadline {
 public:
  IoDeadline(boost::asio::any_io_executor const& executor, boost::asio::ip::tcp::socket& socket);
  ~IoDeadline();
  IoDeadline(IoDeadline const&) = delete;
  IoDeadline& operator=(IoDeadline const&) = delete;

  /// The operations from now on end by `deadline`, later or earlier than the one before.
  void expire_at(Clock::time_point deadline);

  /// Before each socket operation: false when the deadline has passed (start nothing: it is a timeout).
  [[nodiscard]] bool begin_operation();
  /// After it: an error becomes beast::error::timeout when the deadline passed during the operation. The
  /// socket was closed then, as Beast's timeout does, so the operation ended at once.
  void end_operation(boost::system::error_code& ec);

  /// The exchange is over. The timer is cancelled: a pending wait would be work on the io_context,
  /// and a CLI's io_context::run() would not return until it was due. An idle connection has no deadline.
  void disarm();

 private:
  struct State;
  static void arm(std::shared_ptr<State> const& state);
  std::shared_ptr<State> state_;  ///< the timer's handler holds it weakly: it dies with the connection
};

}  // namespace polycloud::http
