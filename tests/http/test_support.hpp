#pragma once
// Shared test plumbing: run a coroutine to completion on the test's io_context (with a watchdog, so
// a bug fails the test instead of hanging it), a Sleeper that records instead of sleeping, and a
// client factory for a loopback server.

#include "http/client.hpp"
#include "script_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <doctest/doctest.h>

#include <exception>
#include <functional>
#include <map>
#include <optional>

namespace polycloud::test {

template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task,
      std::chrono::milliseconds watchdog = std::chrono::seconds{20}) {
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr error, T value) {
    failure = error;
    if (!error) result = std::move(value);
    io.stop();
  });
  io.restart();
  io.run_for(watchdog);
  io.restart();
  if (failure) std::rethrow_exception(failure);
  REQUIRE_MESSAGE(result.has_value(), "the operation did not finish within the watchdog");
  return std::move(*result);
}

/// Polls `done` on the io_context until it holds (true) or 5 s pass (false): for effects that
/// only a timer inside the client, or a server sharing the io_context, can cause.
inline boost::asio::awaitable<bool> eventually(std::function<bool()> done) {
  namespace asio = boost::asio;
  asio::steady_timer tick{co_await asio::this_coro::executor};
  for (auto const give_up = Clock::now() + std::chrono::seconds{5}; Clock::now() < give_up;) {
    if (done()) co_return true;
    tick.expires_after(std::chrono::milliseconds{5});
    co_await tick.async_wait(asio::use_awaitable);
  }
  co_return done();
}

class RecordingSleeper final : public http::Sleeper {
 public:
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds delay) override {
    delays.push_back(delay);
    co_return;
  }
  std::vector<std::chrono::milliseconds> delays;
};

inline http::ClientOptions loopback_options(ScriptServer const& server) {
  http::ClientOptions options;
  options.provider = "test";
  options.origin = boost::urls::url{server.url("/")};
  options.sleeper = std::make_shared<RecordingSleeper>();
  options.retry.jitter_seed = 42;
  return options;
}

/// An origin on a loopback port with nothing listening: every connect is refused. The port stays
/// bound (not listening) while this lives, so no parallel test process can be handed it. The jitter
/// seed is pinned, as in loopback_options: an unseeded full-jitter backoff may draw a wait of 0 ms,
/// which is never slept, so counting the sleeper's waits would fail about one run in 130.
struct RefusedOrigin {
  boost::asio::ip::tcp::socket holder;
  http::ClientOptions options;

  RefusedOrigin(boost::asio::io_context& io, std::string provider) : holder(io) {
    holder.open(boost::asio::ip::tcp::v4());
    holder.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    options.provider = std::move(provider);
    options.origin = boost::urls::url{"http://127.0.0.1:" + std::to_string(holder.local_endpoint().port())};
    options.sleeper = std::make_shared<RecordingSleeper>();
    options.retry.jitter_seed = 42;
  }
};

/// A fixed environment (ClientOptions::environment): only the variables given exist. Tests inject it
/// rather than setenv, which races with every thread reading the environment.
inline Environment env_of(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    auto found = variables.find(std::string(name));
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

inline std::unique_ptr<http::Client> make_client(boost::asio::io_context& io, http::ClientOptions options) {
  auto client = http::Client::create(io.get_executor(), std::move(options));
  REQUIRE_MESSAGE(client.has_value(), (client ? "" : client.error().message));
  return std::move(*client);
}

inline http::Request get(std::string const& url, std::string operation = "get") {
  http::Request request;
  request.url = boost::urls::url{url};
  request.operation = std::move(operation);
  return request;
}

inline http::Request post(std::string const& url, std::string body = "{}", std::string operation = "create") {
  http::Request request = get(url, std::move(operation));
  request.method = http::Method::post;
  request.body = std::move(body);
  request.headers.push_back({"Content-Type", "application/json"});
  return request;
}

inline RecordingSleeper& sleeper_of(http::ClientOptions const& options) {
  return static_cast<RecordingSleeper&>(*options.sleeper);
}

}  // namespace polycloud::test
