// The client over real loopback sockets: keep-alive, the pool bound, the credential guard, the
// trace, streaming, config checks, deadlines and cancellation.
#include "http/sse.hpp"
#include "test_support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <ctime>
#include <filesystem>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;
using std::chrono::milliseconds;

TEST_CASE("keep-alive: sequential requests reuse one connection - with the standard headers") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, R"({"ok":true})"); }};
  auto client = make_client(io, loopback_options(server));
  for (int i = 0; i < 5; ++i) {
    auto response = run(io, client->send(get(server.url("/v1/items?page=" + std::to_string(i))), {}));
    REQUIRE(response.has_value());
    CHECK(response->status == 200);
    CHECK(response->body == R"({"ok":true})");
    CHECK(response->attempts == 1);
  }
  CHECK(server.connections_accepted() == 1);
  REQUIRE(server.requests().size() == 5);
  auto const& last = server.requests().back();
  CHECK(last.target == "/v1/items?page=4");
  CHECK(last.header("User-Agent") == "polycloud/" POLYCLOUD_VERSION_FOR_TESTS);
  CHECK(last.header("Accept") == "application/json");
  CHECK(last.header("Host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("pool: 200 concurrent requests never open more than max_connections") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return Reply{Step::pause(milliseconds{1}), Step::send(raw_response(200, "{}"))};
                      }};
  auto options = loopback_options(server);
  options.max_connections = 8;
  auto client = make_client(io, options);

  std::size_t remaining = 200;
  std::size_t succeeded = 0;
  for (int i = 0; i < 200; ++i) {
    asio::co_spawn(io, client->send(get(server.url("/page/" + std::to_string(i)), "list"), {}),
                   [&](std::exception_ptr, Result<http::Response> response) {
                     if (response && response->ok()) ++succeeded;
                     if (--remaining == 0) io.stop();
                   });
  }
  io.run_for(std::chrono::seconds{30});
  CHECK(remaining == 0);
  CHECK(succeeded == 200);
  CHECK(server.requests().size() == 200);
  CHECK(server.connections_accepted() <= 8);
  CHECK(server.peak_open_connections() <= 8);
  MESSAGE("200 requests over " << server.connections_accepted() << " connections");
}

TEST_CASE("credential guard: credentials reach the configured origin only - the trace redacts them") {
  asio::io_context io;
  ScriptServer configured{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  ScriptServer other{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(configured);
  options.credential_headers = {{"Authorization", "Bearer secret-token-123"}, {"X-Custom-Key", "key-456"}};
  std::vector<std::string> trace;
  options.trace = [&](std::string_view line) { trace.emplace_back(line); };
  auto client = make_client(io, options);

  REQUIRE(run(io, client->send(get(configured.url("/mine")), {})).has_value());
  REQUIRE(run(io, client->send(get(other.url("/elsewhere")), {})).has_value());
  // Same host and scheme but another port is another origin; so is "localhost" for 127.0.0.1.
  REQUIRE(run(io, client->send(get(configured.url("/by-name", "localhost")), {})).has_value());

  REQUIRE(configured.requests().size() == 2);
  CHECK(configured.requests()[0].header("Authorization") == "Bearer secret-token-123");
  CHECK(configured.requests()[0].header("X-Custom-Key") == "key-456");
  CHECK(configured.requests()[1].header("Authorization").empty());
  REQUIRE(other.requests().size() == 1);
  CHECK(other.requests()[0].header("Authorization").empty());
  CHECK(other.requests()[0].header("X-Custom-Key").empty());

  REQUIRE(trace.size() == 3);
  CHECK(trace[0].find("GET " + configured.url("/mine")) != std::string::npos);
  CHECK(trace[0].find("-> 200") != std::string::npos);
  CHECK(trace[0].find("attempt 1") != std::string::npos);
  CHECK(trace[0].find("Authorization: REDACTED") != std::string::npos);
  CHECK(trace[0].find("X-Custom-Key: REDACTED") != std::string::npos);
  for (auto const& line : trace) {
    CHECK(line.find("secret-token") == std::string::npos);
    CHECK(line.find("key-456") == std::string::npos);
  }
}

TEST_CASE("redirects are returned - not followed") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return respond(302, "", {{"Location", "http://127.0.0.1:1/elsewhere"}});
                      }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(response.has_value());
  CHECK(response->status == 302);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("config: plain http only to loopback unless allowed - ca_file must be readable") {
  asio::io_context io;
  http::ClientOptions options;
  options.provider = "alg";
  options.origin = boost::urls::url{"http://api.example.com/v1"};
  auto refused = http::Client::create(io.get_executor(), options);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::config);
  CHECK(refused.error().message.find("allow_insecure_http") != std::string::npos);

  options.allow_insecure_http = true;
  CHECK(http::Client::create(io.get_executor(), options).has_value());

  for (auto const* loopback : {"http://127.0.0.2:8080", "http://[::1]:8080", "http://localhost"}) {
    options.allow_insecure_http = false;
    options.origin = boost::urls::url{loopback};
    CHECK_MESSAGE(http::Client::create(io.get_executor(), options).has_value(), loopback);
  }

  options.origin = boost::urls::url{"https://api.example.com"};
  options.ca_file = "/nonexistent/ca.pem";
  auto unreadable = http::Client::create(io.get_executor(), options);
  REQUIRE_FALSE(unreadable.has_value());
  CHECK(unreadable.error().kind == ErrorKind::config);
  CHECK(unreadable.error().message.find("/nonexistent/ca.pem") != std::string::npos);
}

// Issue 22: the check opened the file with std::ifstream, which blocks on a FIFO until a writer comes;
// and Boost.URL's port_number() wraps a port above 65535 (107583 is 42047).
TEST_CASE("config: a ca_file that is a FIFO or a directory is refused without blocking - a port above 65535 too") {
  asio::io_context io;
  http::ClientOptions options;
  options.provider = "alg";
  options.origin = boost::urls::url{"https://api.example.com"};
  auto const dir = std::filesystem::temp_directory_path() / ("polycloud-ca-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto const fifo = dir / "ca.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (auto const& [path, kind] : {std::pair{fifo, std::string("a FIFO")}, std::pair{dir, std::string("a directory")}}) {
    options.ca_file = path.string();
    auto refused = http::Client::create(io.get_executor(), options);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().kind == ErrorKind::config);
    CHECK(refused.error().message.find("ca_file '" + path.string() + "' cannot be read: not a regular file (" + kind +
                                       ")") != std::string::npos);
  }
  std::filesystem::remove_all(dir);

  options.ca_file.clear();
  for (auto const* port : {"107583", "65536", "0"}) {
    options.origin = boost::urls::url{std::string("http://127.0.0.1:") + port + "/v1"};
    auto refused = http::Client::create(io.get_executor(), options);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().kind == ErrorKind::config);
    CHECK(refused.error().message.find("has an invalid port") != std::string::npos);
  }
  options.origin = boost::urls::url{"http://127.0.0.1:65535/v1"};
  CHECK(http::Client::create(io.get_executor(), options).has_value());
}

TEST_CASE("a request URL to a non-loopback http host is refused before anything is sent") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->send(get("http://203.0.113.9/next-page"), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::config);
  CHECK(response.error().attempts == 0);
}

TEST_CASE("stream: SSE events arrive as the server sends them") {
  asio::io_context io;
  std::string const head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
  auto chunk = [](std::string const& text) {
    std::ostringstream out;
    out << std::hex << text.size() << "\r\n" << text << "\r\n";
    return out.str();
  };
  ScriptServer server{io, [&](auto const&, std::size_t) {
                        return Reply{Step::send(head + chunk("event: progress\r\ndata: {\"percent\":50}\r")),
                                     Step::pause(milliseconds{20}),
                                     Step::send(chunk("\n\r\nevent: 200\ndata: {\"id\":\"vm-1\"}\n\n")),
                                     Step::send("0\r\n\r\n")};
                      }};
  auto client = make_client(io, loopback_options(server));
  http::SseParser parser;
  std::vector<http::SseEvent> events;
  std::size_t chunks = 0;
  auto on_chunk = [&](std::string_view bytes) -> Result<void> {
    ++chunks;
    return parser.feed(bytes, [&](http::SseEvent const& event) { events.push_back(event); });
  };
  auto request = get(server.url("/v1/vms"), "create");
  request.headers.push_back({"Accept", "text/event-stream"});
  auto response = run(io, client->stream(request, on_chunk, {}));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->body.empty());
  CHECK(chunks >= 2);
  REQUIRE(events.size() == 2);
  CHECK(events[0].type == "progress");
  CHECK(events[1].type == "200");
  CHECK(events[1].data == R"({"id":"vm-1"})");
  CHECK(server.requests()[0].header("Accept") == "text/event-stream");
}

TEST_CASE("stream: an error from the chunk handler aborts the exchange with that error") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return respond(200, std::string(100, 'x'), {}, "text/event-stream");
                      }};
  auto client = make_client(io, loopback_options(server));
  auto response = run(io, client->stream(get(server.url("/")),
                                         [](std::string_view) -> Result<void> {
                                           return make_error(ErrorKind::protocol, "event too large");
                                         },
                                         {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::protocol);
  CHECK(response.error().message.find("event too large") != std::string::npos);
}

TEST_CASE("deadline: a stalled response ends at the caller's deadline with timeout - connection not reused") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? Reply{Step::stall()} : respond(200, "{}");
                      }};
  auto client = make_client(io, loopback_options(server));
  auto const started = Clock::now();
  auto response = run(io, client->send(get(server.url("/slow")), CallOptions::within(milliseconds{200})));
  auto const elapsed = Clock::now() - started;
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::timeout);
  CHECK(response.error().provider == "test");
  CHECK(elapsed < std::chrono::seconds{5});  // ended by the deadline, not the 30 s attempt timeout
  INFO(response.error().message);

  auto next = run(io, client->send(get(server.url("/fast")), {}));
  REQUIRE(next.has_value());
  CHECK(server.connections_accepted() == 2);  // the half-used connection was closed, not pooled
}

TEST_CASE("deadline: a streamed body that stops mid-way ends by the idle timeout - connection not reused") {
  asio::io_context io;
  std::string const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
  ScriptServer server{io, [&](auto const&, std::size_t index) {
                        return index == 0 ? Reply{Step::send(head + std::string(40, ' ')), Step::stall()}
                                          : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  // The idle bound between a streamed body's bytes too; roomy, so a loaded machine still gets the first 40.
  options.attempt_timeout = milliseconds{500};
  options.retry.max_attempts = 1;
  auto client = make_client(io, options);
  std::size_t received = 0;
  auto on_chunk = [&](std::string_view bytes) -> asio::awaitable<Result<void>> {
    received += bytes.size();
    co_return Result<void>{};
  };
  auto response = run(io, client->stream_paced(get(server.url("/v1/vms"), "list"), on_chunk, {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::timeout);
  CHECK(response.error().http_status == 200);
  CHECK(received == 40);
  INFO(response.error().message);

  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(server.connections_accepted() == 2);  // the stalled connection was closed, not pooled
}

TEST_CASE("deadline: a slow consumer of a streamed body is not a stalled server - its time is not the idle timeout's") {
  // The exchange reads no further while the consumer holds a piece (that is the pacing), so the
  // deadline bounds the server's silences only: a wait of 3x the idle bound inside the consumer is fine.
  // (The bound is roomy so that a loaded machine answers the request well within it.)
  asio::io_context io;
  std::string const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n";
  ScriptServer server{io, [&](auto const&, std::size_t) {
                        return Reply{Step::send(head + std::string(40, '1')), Step::pause(milliseconds{20}),
                                     Step::send(std::string(40, '2'))};
                      }};
  auto options = loopback_options(server);
  options.attempt_timeout = milliseconds{250};
  options.retry.max_attempts = 1;
  auto client = make_client(io, options);
  std::string received;
  auto on_chunk = [&](std::string_view bytes) -> asio::awaitable<Result<void>> {
    received += bytes;
    if (received.size() == bytes.size()) {  // the first piece: hold it well past the idle bound
      asio::steady_timer hold{co_await asio::this_coro::executor, milliseconds{750}};
      co_await hold.async_wait(asio::use_awaitable);
    }
    co_return Result<void>{};
  };
  auto response = run(io, client->stream_paced(get(server.url("/v1/vms"), "list"), on_chunk, {}));
  REQUIRE_MESSAGE(response.has_value(), (response ? std::string() : response.error().message));
  CHECK(received == std::string(40, '1') + std::string(40, '2'));
}

TEST_CASE("attempt timeout: a stalled GET is retried - then fails with timeout") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return Reply{Step::stall()}; }};
  auto options = loopback_options(server);
  options.attempt_timeout = milliseconds{100};
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::timeout);
  CHECK(response.error().attempts == 3);
  CHECK(response.error().message.find("(retry policy exhausted)") != std::string::npos);
  // The server shares the io_context: after a stall of 100 ms or more, the third request's timeout can
  // stop the loop before the server has read it. Let it catch up rather than count too early.
  CHECK(run(io, eventually([&] { return server.requests().size() == 3; })));
}

TEST_CASE("cancellation: the caller's cancellation slot ends a stalled request promptly") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? Reply{Step::stall()} : respond(200, "{}");
                      }};
  auto client = make_client(io, loopback_options(server));
  asio::cancellation_signal cancel;
  std::optional<Result<http::Response>> outcome;
  asio::co_spawn(io, client->send(get(server.url("/")), {}),
                 asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr, Result<http::Response> r) {
                   outcome = std::move(r);
                   io.stop();
                 }));
  asio::steady_timer timer{io, milliseconds{50}};
  timer.async_wait([&](auto) { cancel.emit(asio::cancellation_type::terminal); });
  auto const started = Clock::now();
  io.run_for(std::chrono::seconds{10});
  io.restart();
  REQUIRE(outcome.has_value());
  REQUIRE_FALSE(outcome->has_value());
  CHECK(outcome->error().kind == ErrorKind::cancelled);
  CHECK(Clock::now() - started < std::chrono::seconds{5});

  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(server.connections_accepted() == 2);
}

TEST_CASE("an idle connection the server closed is replaced transparently") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) {
                        return Reply{Step::send(raw_response(200, "{}")), Step::close()};
                      }};
  auto client = make_client(io, loopback_options(server));
  for (int i = 0; i < 3; ++i) {
    auto response = run(io, client->send(get(server.url("/")), {}));
    REQUIRE(response.has_value());
    CHECK(response->attempts == 1);
    // let the server's FIN arrive before the next request
    asio::steady_timer settle{io, milliseconds{10}};
    run(io, [&]() -> asio::awaitable<int> {
      co_await settle.async_wait(asio::use_awaitable);
      co_return 0;
    }());
  }
  CHECK(server.connections_accepted() == 3);
}

TEST_CASE("pool: idle connections expire after idle_timeout") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  options.idle_timeout = milliseconds{0};
  auto client = make_client(io, options);
  for (int i = 0; i < 3; ++i) REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(server.connections_accepted() == 3);
}


TEST_CASE("pool: an idle connection is closed by its timer - without the pool being used again") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  options.idle_timeout = milliseconds{50};
  auto client = make_client(io, options);
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  CHECK(server.open_connections() == 1);
  CHECK(run(io, eventually([&] { return server.open_connections() == 0; })));
}

TEST_CASE("rate limit: rate_limit_per_second paces requests through the sleeper") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  options.rate_limit_per_second = 1.0;
  auto client = make_client(io, options);
  for (int i = 0; i < 3; ++i) REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  auto const& delays = sleeper_of(options).delays;
  REQUIRE(delays.size() == 2);  // the first request goes at once, then one slot per second
  // The sleeper returns at once, so the slots are reserved ~1 s and ~2 s ahead. The limiter counts on
  // the real clock between sends (its arithmetic is tested with given time points in
  // retry_policy_test.cpp), and a loaded machine shortens each wait: bound them, don't time them.
  CHECK(delays[0] > milliseconds{0});
  CHECK(delays[0] <= milliseconds{1000});
  CHECK(delays[1] > delays[0]);
  CHECK(delays[1] <= milliseconds{2000});
}

TEST_CASE("rate limit: a vanishingly small rate fails by the deadline instead of sending at once") {
  // Issue 12: rate_limit_per_second 2e-11 (or 1e-300) sent both requests at once.
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  options.rate_limit_per_second = 1e-300;
  auto client = make_client(io, options);
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  auto second = run(io, client->send(get(server.url("/")), CallOptions::within(std::chrono::seconds{3})));
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().kind == ErrorKind::timeout);
  CHECK(server.requests().size() == 1);
  CHECK(sleeper_of(options).delays.empty());
}

TEST_CASE("rate limit: per minute - lowered at runtime - and paced by X-RateLimit headers") {
  asio::io_context io;
  auto const reset = std::to_string(std::time(nullptr) + 30);
  ScriptServer server{io, [reset](auto const&, std::size_t) {
                        return respond(200, "{}", {{"X-RateLimit-Limit", "60"}, {"X-RateLimit-Remaining", "3"},
                                                   {"X-RateLimit-Reset", reset}});
                      }};
  auto options = loopback_options(server);
  options.rate_limit_per_minute = 120;  // 2/s: a burst of two, then one every 500 ms
  auto client = make_client(io, options);
  for (int i = 0; i < 3; ++i) REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  auto const& delays = sleeper_of(options).delays;
  REQUIRE(delays.size() == 1);
  // 3 of 60 left for 30 s: the server's pace (one per ~10 s) outweighs the configured one (500 ms).
  CHECK(delays[0] > milliseconds{5000});

  client->lower_rate_limit_per_minute(1);  // e.g. Katapult's total_permitted
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  REQUIRE(delays.size() == 2);
  CHECK(delays[1] > milliseconds{30'000});  // one a minute now
}

TEST_CASE("rate limit: a limit learnt just before the client is destroyed leaves no work queued behind it") {
  // It was posted to the client's strand holding a raw pointer: destroying the client first (e.g. a
  // Katapult adapter freed right after a rate_limit_reached) left a handler to run on freed memory,
  // which ASan reports as a heap-use-after-free when the io_context runs on.
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto handlers_left_by = [&](bool learn_a_limit) {
    auto client = make_client(io, loopback_options(server));
    if (learn_a_limit) client->lower_rate_limit_per_minute(30);
    client.reset();
    io.restart();
    return io.poll();
  };
  io.poll();  // the server's own start-up work
  auto const baseline = handlers_left_by(false);
  CHECK(handlers_left_by(true) == baseline);  // learning the limit queued nothing to outlive the client
}

TEST_CASE("rate limit: a retry whose rate-limit slot lies past the deadline is not waited for") {
  // One request a minute: the 503's retry owes the limiter a minute, and the call has 5 s. The
  // limiter's wait was added after the deadline check, so the client slept the whole minute.
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(503, R"({"error":"busy"})") : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  options.rate_limit_per_minute = 1;
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), CallOptions::within(std::chrono::seconds{5})));
  REQUIRE(response.has_value());
  CHECK(response->status == 503);
  CHECK(response->attempts == 1);
  CHECK(response->retry_note == "the deadline leaves no time to wait for another attempt");
  CHECK(sleeper_of(options).delays.empty());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("rate limit: a 429 slows the requests that follow") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? respond(429, "", {{"Retry-After", "2"}}) : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  auto client = make_client(io, options);
  auto request = post(server.url("/"));  // not retried itself: the pause is the limiter's
  auto const sent_first = Clock::now();    // the pause runs from the 429's arrival, which is later
  auto first = run(io, client->send(request, {}));
  REQUIRE(first.has_value());
  CHECK(first->status == 429);
  auto hurried = run(io, client->send(get(server.url("/")), CallOptions::within(milliseconds{500})));
  REQUIRE_FALSE(hurried.has_value());  // the pause cannot fit in the deadline: fail now, do not sleep
  CHECK(hurried.error().kind == ErrorKind::timeout);
  CHECK(sleeper_of(options).delays.empty());
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  auto const& delays = sleeper_of(options).delays;
  REQUIRE(delays.size() == 1);
  // The limiter counts on the real clock: the wait left is the 2 s less whatever time has passed since.
  auto const passed = std::chrono::duration_cast<milliseconds>(Clock::now() - sent_first);
  CHECK(delays[0] >= milliseconds{2000} - passed);
  CHECK(delays[0] <= milliseconds{2000});
}

TEST_CASE("a pooled connection that dies under a GET is replaced once - transparently - under a POST it is not") {
  asio::io_context io;
  // Request 1 (the second, on the reused connection) is read and answered by closing the connection.
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 1 || index == 4 ? Reply{Step::close()} : respond(200, "{}");
                      }};
  auto client = make_client(io, loopback_options(server));
  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());
  auto second = run(io, client->send(get(server.url("/")), {}));
  REQUIRE(second.has_value());
  CHECK(second->attempts == 1);  // the stale connection does not count as an attempt
  CHECK(server.requests().size() == 3);
  CHECK(server.requests()[1].connection == 1);
  CHECK(server.requests()[2].connection == 2);

  REQUIRE(run(io, client->send(get(server.url("/")), {})).has_value());  // index 3, on connection 2
  auto create = run(io, client->send(post(server.url("/")), {}));         // index 4: closed
  REQUIRE_FALSE(create.has_value());
  CHECK(create.error().kind == ErrorKind::transport);
  CHECK(create.error().message.find("non-idempotent request not retried") != std::string::npos);
  CHECK(server.requests().size() == 5);
}

TEST_CASE("pool: a waiter for a busy slot times out at its deadline - cancelling the holder frees the slot") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t index) {
                        return index == 0 ? Reply{Step::stall()} : respond(200, "{}");
                      }};
  auto options = loopback_options(server);
  options.max_connections = 1;
  auto client = make_client(io, options);

  asio::cancellation_signal cancel_holder;
  std::optional<Result<http::Response>> holder;
  asio::co_spawn(io, client->send(get(server.url("/held")), {}),
                 asio::bind_cancellation_slot(cancel_holder.slot(), [&](std::exception_ptr, Result<http::Response> r) {
                   holder = std::move(r);
                   io.stop();
                 }));
  auto waiter = run(io, client->send(get(server.url("/waiting")), CallOptions::within(milliseconds{200})));
  REQUIRE_FALSE(waiter.has_value());
  CHECK(waiter.error().kind == ErrorKind::timeout);
  CHECK(waiter.error().message.find("free connection") != std::string::npos);
  CHECK_FALSE(holder.has_value());

  cancel_holder.emit(asio::cancellation_type::terminal);
  io.restart();
  io.run_for(std::chrono::seconds{5});
  REQUIRE(holder.has_value());
  CHECK(holder->error().kind == ErrorKind::cancelled);

  REQUIRE(run(io, client->send(get(server.url("/after")), {})).has_value());
  CHECK(server.connections_accepted() == 2);
}
