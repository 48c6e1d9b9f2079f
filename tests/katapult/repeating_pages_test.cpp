// A server that answers every page with the same VMs: the listing must end with a protocol error after
// a few requests, whether the pages are fetched ahead speculatively (large_set) or up to the total.
#include "tests/http/script_server.hpp"

#include "test_support.hpp"

#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <optional>

using namespace polycloud;
using namespace std::chrono_literals;

namespace {

std::string same_page(bool large_set) {
  std::string const totals = large_set ? R"("total_pages":null,"total":null)" : R"("total_pages":1000,"total":2000)";
  return R"({"pagination":{"current_page":1,)" + totals + R"(,"per_page":2,"large_set":)" +
         (large_set ? "true" : "false") + R"(},"virtual_machines":[{"id":"vm_a","name":"a"},{"id":"vm_b","name":"b"}]})";
}

Result<std::vector<Instance>> list_against_repeating_server(bool large_set, std::size_t& requests) {
  boost::asio::io_context io;
  test::ScriptServer server(io, [&](test::RecordedRequest const&, std::size_t) { return test::respond(200, same_page(large_set)); });
  ProviderConfig config;
  config.name = "kat";
  config.type = "katapult";
  config.endpoint = server.url("/core/v1");
  config.token = Secret("t");
  config.timeout = 10s;
  config.settings = {{"organization", {{"id", "org_1"}}}, {"per_page", 2}};
  auto provider = make_provider(config, ProviderContext{io.get_executor(), {}}).value();
  // The server keeps listening: stop the context when the listing ends, however it ends.
  std::optional<Result<std::vector<Instance>>> listed;
  boost::asio::co_spawn(io, collect(provider->list(ListOptions{})),
                        [&](std::exception_ptr, Result<std::vector<Instance>> result) {
                          listed = std::move(result);
                          io.stop();
                        });
  io.run_for(30s);
  requests = server.requests().size();
  REQUIRE(listed.has_value());
  return std::move(*listed);
}

}  // namespace

TEST_CASE("katapult repeating pages: a large set that repeats its page ends with a protocol error") {
  std::size_t requests = 0;
  auto listed = list_against_repeating_server(true, requests);
  REQUIRE_FALSE(listed);
  CHECK(listed.error().kind == ErrorKind::protocol);
  CHECK(requests <= 2 + 2 * 4);  // page 2 and at most the window fetched ahead of its turn
}

TEST_CASE("katapult repeating pages: concurrent pages that repeat the first end with a protocol error") {
  std::size_t requests = 0;
  auto listed = list_against_repeating_server(false, requests);
  REQUIRE_FALSE(listed);
  CHECK(listed.error().kind == ErrorKind::protocol);
  CHECK(requests <= 10);  // the first page and at most a few in flight, not the announced 1000
}
