#include "http/resolver.hpp"

#include "http/io_error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>

#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace polycloud::http {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

class SystemResolver final : public Resolver {
 public:
  Lookup lookup(std::string const& host, std::uint16_t port) override {
    asio::io_context local;  // the blocking resolve needs an executor for the object, never runs it
    tcp::resolver resolver{local};
    Lookup result;
    auto const entries = resolver.resolve(host, std::to_string(port), result.error);
    for (auto const& entry : entries) result.endpoints.push_back(entry.endpoint());
    return result;
  }
};

/// Shared by the caller and the lookup thread, which may outlive the caller's wait (and its
/// io_context): the thread touches the caller's side only while `waiter` is set, under the mutex.
struct PendingLookup {
  std::mutex mutex;
  std::optional<Lookup> result;
  asio::steady_timer* waiter = nullptr;  ///< the caller's deadline timer while it waits
  asio::any_io_executor executor;        ///< the caller's, to wake it on
};

}  // namespace

std::shared_ptr<Resolver> system_resolver() {
  static auto const resolver = std::make_shared<SystemResolver>();
  return resolver;
}

asio::awaitable<Resolved> resolve_by(std::shared_ptr<Resolver> resolver, std::string host,
                                              std::uint16_t port, Clock::time_point deadline) {
  auto const executor = co_await asio::this_coro::executor;
  auto const cancellation = co_await asio::this_coro::cancellation_state;
  std::string const during = "resolving " + host;
  asio::steady_timer timer{executor, deadline};
  auto pending = std::make_shared<PendingLookup>();
  pending->waiter = &timer;
  pending->executor = executor;
  // Declared after the timer, so it runs first: once it has run, the thread never touches the timer.
  struct StopWaiting {
    PendingLookup& pending;
    ~StopWaiting() {
      std::lock_guard const lock{pending.mutex};
      pending.waiter = nullptr;
      pending.executor = {};  // the lookup thread never needs it again: release it on this side
    }
  } stop_waiting{*pending};

  try {
    // A thread per lookup, detached: a stalled getaddrinfo can hold up neither the caller nor process
    // exit. Lookups are rare (one per new connection); Asio's own resolver thread would serialise them.
    std::thread{[pending, resolver = std::move(resolver), host, port] {
      auto lookup = resolver->lookup(host, port);
      std::lock_guard const lock{pending->mutex};
      pending->result = std::move(lookup);
      if (pending->waiter == nullptr) return;  // the caller stopped waiting
      asio::post(pending->executor, [pending] {
        std::lock_guard const wake_lock{pending->mutex};
        if (pending->waiter != nullptr) pending->waiter->cancel();
      });
    }}.detach();
  } catch (std::system_error const& failure) {
    co_return Resolved{make_error(ErrorKind::transport, "could not start a thread for " + during + ": " + failure.what())};
  }

  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  std::optional<Lookup> result;
  {
    std::lock_guard const lock{pending->mutex};
    result = std::move(pending->result);
  }
  bool const by_caller = cancellation.cancelled() != asio::cancellation_type::none;
  if (!result) {
    co_return Resolved{io_error(by_caller ? boost::system::error_code{asio::error::operation_aborted}
                                          : boost::system::error_code{boost::beast::error::timeout},
                                {.during = during, .caller_cancelled = by_caller})};
  }
  if (result->error) {
    co_return Resolved{io_error(result->error, {.during = during, .caller_cancelled = by_caller}),
                       result->error == asio::error::host_not_found};
  }
  if (result->endpoints.empty()) co_return Resolved{make_error(ErrorKind::transport, "no address found while " + during)};
  co_return Resolved{std::move(result->endpoints)};
}

}  // namespace polycloud::http
