#pragma once
// Shared test plumbing: run a coroutine to completion on the test's io_context (with a watchdog, so
// a bug fails the test instead of hanging it), a Sleeper that records instead of sleeping, and a
// client factory for a loopback server.

#include "http/client.hpp"
#include "script_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <doctest/doctest.h>

#include <exception>
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
