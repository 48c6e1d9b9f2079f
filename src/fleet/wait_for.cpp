// Polling one instance until it reaches a state. Why polling with backoff: no provider offers a
// state-change stream, and a fixed short interval would hammer the API during long builds.
#include <polycloud/fleet.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>

namespace polycloud {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> timer_sleep(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

/// Errors worth polling through: the transport already retried, but the wait has time left.
bool transient(ErrorKind kind) noexcept {
  return kind == ErrorKind::unavailable || kind == ErrorKind::rate_limited || kind == ErrorKind::transport;
}

std::string describe(Instance const& instance) {
  std::string text(to_string(instance.state));
  if (!instance.raw_state.empty()) text += " (\"" + instance.raw_state + "\")";
  return text;
}

Error wait_error(ErrorKind kind, std::string message, Provider const& provider) {
  return make_error(kind, std::move(message), provider.name(), "wait");
}

/// An instance that is gone counts as terminated; the provider has nothing more to tell about it.
Instance gone(Provider const& provider, std::string const& id) {
  Instance instance;
  instance.provider = provider.name();
  instance.provider_type = std::string(provider.type());
  instance.id = id;
  instance.state = State::terminated;
  return instance;
}

asio::awaitable<Result<Instance>> wait_loop(Provider& provider, std::string const& id, State target,
                                            WaitOptions const& options) {
  auto const now = options.now ? options.now : [] { return Clock::now(); };
  auto const sleep = options.sleep ? options.sleep : timer_sleep;
  auto const deadline =
      options.deadline == Clock::time_point::max() ? saturating_add(now(), default_wait_budget) : options.deadline;
  auto const what = "instance " + id + " to become " + std::string(to_string(target));
  std::string last_seen = "never answered";
  auto interval = options.first_interval;
  auto deadline_passed = [&] {
    return wait_error(ErrorKind::timeout, "deadline passed waiting for " + what + ": last seen " + last_seen, provider);
  };

  for (;;) {
    GetOptions get_options;
    get_options.call.deadline = deadline;
    auto current = co_await provider.get(id, get_options);
    if (current) {
      if (options.on_poll) options.on_poll(*current);
      if (current->state == target) co_return current;
      last_seen = describe(*current);
      if (current->state == State::error || current->state == State::terminated)
        co_return wait_error(current->state == State::error ? ErrorKind::provider_internal : ErrorKind::conflict,
                             "gave up waiting for " + what + ": it is " + last_seen, provider);
    } else if (target == State::terminated && current.error().kind == ErrorKind::not_found) {
      auto instance = gone(provider, id);
      if (options.on_poll) options.on_poll(instance);
      co_return instance;
    } else if (current.error().kind == ErrorKind::timeout && now() >= deadline) {
      // The wait's own deadline ended this get (the transport then answers "deadline passed before
      // attempt 1"): the caller wants the state it was waiting on, not the get's words.
      co_return deadline_passed();
    } else if (!transient(current.error().kind) || now() >= deadline) {
      co_return current.error();
    } else {
      last_seen = "unreachable (" + std::string(to_string(current.error().kind)) + ")";
    }

    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now());
    if (left <= std::chrono::milliseconds::zero()) co_return deadline_passed();
    co_await sleep(std::max(std::chrono::milliseconds(1), std::min(interval, left)));
    auto const grown = std::chrono::duration<double, std::milli>(interval) * options.backoff;
    interval = std::min(options.max_interval, std::chrono::duration_cast<std::chrono::milliseconds>(grown));
  }
}
}  // namespace

/// Cancellation reaches a coroutine as an operation_aborted exception at its next co_await (Asio's
/// throw_if_cancelled); the interface promises a value, so the loop runs inside this guard.
asio::awaitable<Result<Instance>> wait_for(Provider& provider, std::string id, State target, WaitOptions options) {
  try {
    co_return co_await wait_loop(provider, id, target, options);
  } catch (boost::system::system_error const& failure) {
    if (failure.code() != asio::error::operation_aborted) throw;
  }
  co_return wait_error(ErrorKind::cancelled, "cancelled by the caller while waiting for instance " + id, provider);
}

}  // namespace polycloud
