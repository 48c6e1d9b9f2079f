#pragma once
// Name resolution behind an interface. getaddrinfo cannot be cancelled, and Asio's resolver waits
// for it even when raced against a timer, so a stalled lookup used to hold a call past its deadline.
// Here the lookup runs on a thread of its own and the caller waits only until its deadline; the
// lookup may finish later in the background. Tests inject a Resolver that stalls.

#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace polycloud::http {

using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

struct Lookup {
  boost::system::error_code error;
  Endpoints endpoints;
};

/// A blocking name lookup. It runs on a background thread and may take as long as it likes; the
/// caller stops waiting at its deadline. Must be safe to call from several threads at once.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual Lookup lookup(std::string const& host, std::uint16_t port) = 0;
};

/// The system's resolver (getaddrinfo, through Asio's blocking resolve).
std::shared_ptr<Resolver> system_resolver();

struct Resolved {
  Result<Endpoints> endpoints{Endpoints{}};
  /// The name does not exist (an authoritative answer, EAI_NONAME): another attempt cannot help.
  bool permanent = false;
};

/// Resolves `host` by `deadline` (ErrorKind::timeout otherwise; cancelled when the caller's
/// cancellation slot fires). A failed lookup is an io_error naming the host.
boost::asio::awaitable<Resolved> resolve_by(std::shared_ptr<Resolver> resolver, std::string host,
                                                     std::uint16_t port, Clock::time_point deadline);

}  // namespace polycloud::http
