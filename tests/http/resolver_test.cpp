// Name lookups against the deadline, with an injected resolver standing in for DNS.
#include "http/resolver.hpp"
#include "test_support.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace polycloud;
using namespace polycloud::test;
namespace asio = boost::asio;

namespace {

/// Every lookup waits until released (10 s at most), then answers with the loopback address.
class StallingResolver final : public http::Resolver {
 public:
  http::Lookup lookup(std::string const&, std::uint16_t port) override {
    std::unique_lock lock{mutex_};
    released_signal_.wait_for(lock, std::chrono::seconds{10}, [&] { return released_; });
    ++finished_;
    return {{}, {asio::ip::tcp::endpoint{asio::ip::make_address("127.0.0.1"), port}}};
  }
  void release() {
    std::lock_guard const lock{mutex_};
    released_ = true;
    released_signal_.notify_all();
  }
  int finished() {
    std::lock_guard const lock{mutex_};
    return finished_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_signal_;
  bool released_ = false;
  int finished_ = 0;
};

}  // namespace

// Issue 22 added the create: one that timed out while resolving was reported as sent (attempts 1), so
// the adapter looked it up and answered unknown_outcome. Nothing left the client: attempts is 0.
TEST_CASE("dns: a stalled lookup ends the call at its deadline - a create so stopped was never sent") {
  for (auto const& request : {get("/"), post("/v1/vms")}) {
    CAPTURE(request.operation);
    asio::io_context io;
    ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
    auto options = loopback_options(server);
    auto const resolver = std::make_shared<StallingResolver>();
    options.resolver = resolver;
    auto client = make_client(io, options);
    auto sent = request;
    sent.url = boost::urls::url{server.url(std::string(request.url.buffer()))};
    auto response = run(io, client->send(sent, CallOptions::within(std::chrono::milliseconds{300})));
    REQUIRE_FALSE(response.has_value());
    CHECK(response.error().kind == ErrorKind::timeout);
    CHECK(response.error().message.find("resolving 127.0.0.1") != std::string::npos);
    CHECK(response.error().attempts == 0);
    CHECK(response.error().message.find("nothing was sent") != std::string::npos);
    CHECK(resolver->finished() == 0);  // the call came back while the lookup was still stalled
    CHECK(server.requests().empty());
    resolver->release();  // the lookup thread now finishes on its own; nothing waits for it
  }
}

TEST_CASE("dns: a lookup that answers wakes the caller and the request goes to the address it gave") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  auto const resolver = std::make_shared<StallingResolver>();
  resolver->release();
  options.resolver = resolver;
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_MESSAGE(response.has_value(), (response ? "" : response.error().to_string()));
  CHECK(response->status == 200);
  CHECK(resolver->finished() == 1);
}

namespace {
/// Answers every lookup with the same error, counting the lookups.
class FailingResolver final : public http::Resolver {
 public:
  explicit FailingResolver(boost::system::error_code error) : error_(error) {}
  http::Lookup lookup(std::string const&, std::uint16_t) override {
    ++lookups;
    return {error_, {}};
  }
  std::atomic<int> lookups{0};

 private:
  boost::system::error_code error_;
};
}  // namespace

TEST_CASE("dns: host not found (authoritative) is permanent - not retried - a temporary failure is") {
  asio::io_context io;
  ScriptServer server{io, [](auto const&, std::size_t) { return respond(200, "{}"); }};
  auto options = loopback_options(server);
  auto const missing = std::make_shared<FailingResolver>(asio::error::host_not_found);
  options.resolver = missing;
  auto client = make_client(io, options);
  auto response = run(io, client->send(get(server.url("/")), {}));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == ErrorKind::transport);
  CHECK(response.error().attempts == 0);  // nothing was sent
  CHECK(response.error().message.find("not retried") != std::string::npos);
  CHECK(missing->lookups == 1);

  auto const flaky = std::make_shared<FailingResolver>(asio::error::host_not_found_try_again);
  options.resolver = flaky;
  auto retried = run(io, make_client(io, options)->send(get(server.url("/")), {}));
  REQUIRE_FALSE(retried.has_value());
  CHECK(retried.error().attempts == 0);  // three tries, none sent
  CHECK(retried.error().message.find("nothing was sent (3 tries)") != std::string::npos);
  CHECK(flaky->lookups == 3);
}
