// The example adapter against the scripted fake server: each test scripts the invented API's answers
// and checks what the adapter sent and made of them. This is the first test docs/adding-a-provider.md
// asks of a new adapter.
#include "tests/http/script_server.hpp"

#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <optional>

using namespace polycloud;
using namespace std::chrono_literals;

namespace {

std::string machine(std::string const& id, std::string const& status) {
  return R"({"id":")" + id + R"(","name":"web-)" + id + R"(","status":")" + status +
         R"(","region":"north","created_at":"2026-01-02T03:04:05Z"})";
}

/// A provider of type example_cursor against `server`, and a way to run one call to its end.
struct Harness {
  boost::asio::io_context io;
  test::ScriptServer server;
  std::unique_ptr<Provider> provider;

  explicit Harness(test::Script script) : server(io, std::move(script)) {
    ProviderConfig config;
    config.name = "ex";
    config.type = "example_cursor";
    config.endpoint = server.url("");
    config.token = Secret("example-cursor-token-1");
    config.timeout = 10s;
    config.settings = {{"page_size", 2}};
    provider = make_provider(config, ProviderContext{io.get_executor(), {}}).value();
  }

  template <class T>
  T run(boost::asio::awaitable<T> call) {
    std::optional<T> result;
    boost::asio::co_spawn(io, std::move(call), [&](std::exception_ptr, T value) {
      result = std::move(value);
      io.stop();  // the server keeps listening: stop when the call ends
    });
    io.restart();  // after the previous call's stop
    io.run_for(30s);
    REQUIRE(result.has_value());
    return std::move(*result);
  }
};

}  // namespace

TEST_CASE("example adapter: a listing follows next_cursor until it is null") {
  Harness harness([](test::RecordedRequest const& request, std::size_t) {
    if (request.target.find("cursor=") == std::string::npos) {
      return test::respond(200, R"({"machines":[)" + machine("1", "running") + "," + machine("2", "stopped") +
                                    R"(],"next_cursor":"c/2"})");
    }
    return test::respond(200, R"({"machines":[)" + machine("3", "rebooting") + R"(],"next_cursor":null})");
  });
  auto listed = harness.run(collect(harness.provider->list(ListOptions())));
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 3);
  CHECK((*listed)[0].state == State::running);
  CHECK((*listed)[1].state == State::stopped);
  CHECK((*listed)[2].raw_state == "rebooting");
  REQUIRE(harness.server.requests().size() == 2);
  CHECK(harness.server.requests()[0].target == "/v1/machines?limit=2");
  CHECK(harness.server.requests()[1].target == "/v1/machines?limit=2&cursor=c%2F2");  // the cursor, strictly encoded
  CHECK(harness.server.requests()[0].header("Authorization") == "Bearer example-cursor-token-1");
}

TEST_CASE("example adapter: a get maps the machine, and an error keeps the API's code and request id") {
  Harness harness([](test::RecordedRequest const& request, std::size_t) {
    if (request.target == "/v1/machines/7") return test::respond(200, R"({"machine":)" + machine("7", "starting") + "}");
    return test::respond(404, R"({"error":{"code":"machine_not_found","message":"no machine 8","request_id":"r-1"}})");
  });
  auto found = harness.run(harness.provider->get("7", GetOptions()));
  REQUIRE(found.has_value());
  CHECK(found->name == "web-7");
  CHECK(found->state == State::pending);
  CHECK(found->region == "north");
  CHECK(found->created_at.has_value());
  auto missing = harness.run(harness.provider->get("8", GetOptions()));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::not_found);
  CHECK(missing.error().provider_code == "machine_not_found");
  CHECK(missing.error().request_id == "r-1");
  CHECK(missing.error().message.find("no machine 8") != std::string::npos);
}

TEST_CASE("example adapter: a delete is done when the API says the machine is gone, not on a bare 404") {
  Harness harness([](test::RecordedRequest const& request, std::size_t) {
    if (request.target == "/v1/machines/1") return test::respond(204);
    if (request.target == "/v1/machines/2") return test::respond(404, R"({"error":{"code":"machine_not_found"}})");
    return test::respond(404, "<html>not here</html>", {}, "text/html");  // a proxy's page proves nothing
  });
  CHECK(harness.run(harness.provider->remove("1", CallOptions())).has_value());
  CHECK(harness.run(harness.provider->remove("2", CallOptions())).has_value());
  auto proxied = harness.run(harness.provider->remove("3", CallOptions()));
  REQUIRE_FALSE(proxied.has_value());
  CHECK(proxied.error().http_status == 404);
  CHECK(harness.server.requests()[0].method == "DELETE");
}

TEST_CASE("example adapter: power actions post their type, and create is refused before sending") {
  Harness harness([](test::RecordedRequest const&, std::size_t) { return test::respond(202); });
  CHECK(harness.run(harness.provider->start("1", CallOptions())).has_value());
  CHECK(harness.run(harness.provider->stop("1", CallOptions())).has_value());
  CHECK(harness.run(harness.provider->reboot("1", CallOptions())).has_value());
  auto const& requests = harness.server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target == "/v1/machines/1/actions");
  CHECK(requests[0].body == R"({"type":"power_on"})");
  CHECK(requests[1].body == R"({"type":"power_off"})");
  CHECK(requests[2].body == R"({"type":"reboot"})");
  auto created = harness.run(harness.provider->create(CreateSpec(), ProgressCallback(), CallOptions()));
  REQUIRE_FALSE(created.has_value());
  CHECK(created.error().kind == ErrorKind::not_supported);
  CHECK(requests.size() == 3);
  CHECK_FALSE(harness.provider->capabilities().create);
}

TEST_CASE("example adapter: its type is registered from its folder, with its keys and dry-run support") {
  auto const* type = find_provider_type("example_cursor");
  REQUIRE(type != nullptr);
  CHECK(type->dry_run);
  CHECK(type->own_keys == std::vector<std::string>{"page_size", "prices"});  // its own, then every adapter's
  ProviderConfig config;
  config.name = "ex";
  config.type = "example_cursor";
  config.settings = {{"page_size", 501}};
  auto refused = type->validate(config);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("page_size: expected an integer from 1 to 500") != std::string::npos);
}
