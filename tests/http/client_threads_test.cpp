// One Client shared by the threads of a multi-threaded io_context. Names start with "mt: " so the
// tsan preset (ctest --preset tsan) runs exactly these under ThreadSanitizer.
#include "test_support.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>

#include <atomic>
#include <thread>

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

namespace {

struct Tally {
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
};

asio::awaitable<void> one_get(http::Client& client, std::string url, Tally& tally) {
  auto response = co_await client.send(get(url), CallOptions::within(std::chrono::seconds{120}));
  if (response && response->status == 200) {
    ++tally.ok;
  } else {
    ++tally.failed;
  }
}

/// A server on an io_context and thread of its own, so the client's threads share nothing with it.
struct ServerThread {
  asio::io_context io{1};
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, R"({"ok":true})"); }};
  asio::executor_work_guard<asio::io_context::executor_type> busy = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};

  void stop() {
    busy.reset();
    io.stop();
    if (thread.joinable()) thread.join();
  }
  ~ServerThread() { stop(); }
};

}  // namespace

TEST_CASE("mt: 2000 concurrent GETs through one Client from 2 threads all succeed - within max_connections") {
  ServerThread server;
  asio::io_context io{2};
  auto options = loopback_options(server.server);
  options.sleeper = nullptr;  // the recording sleeper is a test fixture for one thread
  options.max_connections = 8;
  // 2000 gets queue for 8 connections and the wait counts against each one's deadline: the 30 s
  // default is not under test here and could run out on a slow sanitizer run.
  options.attempt_timeout = std::chrono::minutes{2};
  auto client = make_client(io, options);

  Tally tally;
  constexpr int requests = 2000;
  auto const url = server.server.url("/v1/vms");
  for (int i = 0; i < requests; ++i) asio::co_spawn(io, one_get(*client, url, tally), asio::detached);
  std::thread second{[&] { io.run(); }};
  io.run();
  second.join();
  server.stop();  // the server's counters are read after its thread has finished

  CHECK(tally.ok == requests);
  CHECK(tally.failed == 0);
  CHECK(server.server.requests().size() == requests);
  CHECK(server.server.peak_open_connections() <= 8);
  MESSAGE(requests << " requests over " << server.server.connections_accepted() << " connections");
}

TEST_CASE("deadline: a finished request leaves nothing pending on the io_context - run() returns at once") {
  // A connection's deadline timer stays armed through an exchange; one left armed on the pooled
  // connection would be work, and a CLI's io_context::run() would wait out the attempt timeout.
  ServerThread server;
  asio::io_context io{1};
  auto options = loopback_options(server.server);
  options.attempt_timeout = std::chrono::minutes{2};
  auto client = make_client(io, options);
  std::optional<Result<http::Response>> outcome;
  asio::co_spawn(io, client->send(get(server.server.url("/v1/vms")), {}),
                 [&](std::exception_ptr, Result<http::Response> response) { outcome = std::move(response); });
  io.run_for(std::chrono::seconds{20});
  CHECK(io.stopped());  // it ran out of work: it did not merely reach the 20 s bound
  REQUIRE(outcome.has_value());
  REQUIRE(outcome->has_value());
  CHECK((*outcome)->status == 200);
}
