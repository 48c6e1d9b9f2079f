// A list page whose body is cut (reset or truncated mid-body) against the real simulators: fetched
// again while none of its items reached the caller (each item once), never after (a `transport` error
// naming how many were delivered). The pager's rule, end to end; see docs/reliability.md.
#include "matrix_harness.hpp"

#include "sim/faults.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace polycloud;
using namespace polycloud::reliability;
using namespace std::chrono_literals;

namespace {

struct Listed {
  std::vector<std::string> ids;
  std::optional<Error> error;
};

/// Lists with `fault` queued for the list's GET, keeping every id handed over, even before an error.
Listed list_through(MatrixEnv& env, boost::json::object fault) {
  auto provider = env.provider();
  fault["method"] = "GET";
  std::string problem;
  auto parsed = sim::parse_fault(fault, problem);
  REQUIRE_MESSAGE(parsed, problem);
  env.server().faults().clear();
  env.server().stats().reset();
  env.server().faults().add(*parsed);
  ListOptions options;
  options.call = CallOptions::within(10s);
  auto pager = provider->list(std::move(options));
  Listed listed;
  env.run_coro([&]() -> boost::asio::awaitable<Result<void>> {
    while (true) {
      auto batch = co_await pager->next();
      if (!batch) {
        listed.error = batch.error();
        co_return Result<void>{};
      }
      if (!*batch) co_return Result<void>{};
      for (auto const& vm : **batch) listed.ids.push_back(vm.id);
    }
  });
  return listed;
}

bool all_distinct(std::vector<std::string> const& ids) { return std::set<std::string>(ids.begin(), ids.end()).size() == ids.size(); }

}  // namespace

TEST_CASE("cut list page: a small page cut mid-body is fetched again and each VM comes once") {
  for (char const* type : {"openscaler", "katapult", "bycloud"}) {
    CAPTURE(type);
    MatrixEnv env(type);
    for (char const* kind : {"reset_mid_body", "truncated_body"}) {
      CAPTURE(kind);
      auto listed = list_through(env, boost::json::object{{"fault", kind}});
      CHECK_FALSE(listed.error);
      CHECK(all_distinct(listed.ids));
      CHECK(listed.ids.size() >= 20);  // every simulator lists at least one full page
      CHECK(env.server().stats().snapshot().requests_total >= 2);
    }
  }
}

TEST_CASE("cut list page: once items went to the caller the cut is a transport error and nothing repeats") {
  // 3,000 OpenScaler VMs in one body whose Content-Length promises more than is sent: the 512-item
  // batches mapped before the connection closes reach the caller first. (A reset, by contrast, may
  // discard what the client had not read yet, so it cannot promise that items went on.)
  MatrixEnv env("openscaler", 3000);
  auto listed = list_through(env, boost::json::object{{"fault", "truncated_body"}});
  REQUIRE(listed.error);
  CHECK(listed.error->kind == ErrorKind::transport);
  CHECK(listed.error->provider == "alg");
  CHECK(listed.error->operation == "list");
  CHECK(listed.error->message.find("were already delivered, so it was not fetched again") != std::string::npos);
  CHECK(listed.ids.size() >= 512);
  CHECK(listed.ids.size() < 3000);
  CHECK(all_distinct(listed.ids));
  CHECK(env.server().stats().snapshot().requests_total == 1);
}
