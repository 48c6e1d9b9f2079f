// The credential scan (issue 12): every operation against every fault on every provider, with the trace
// on, and not one trace line, error string or message may hold a configured credential.
#include "matrix_harness.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace polycloud;
using namespace polycloud::reliability;
using namespace std::chrono_literals;

namespace {

void scan(std::string const& type) {
  MatrixEnv env(type);
  auto const secrets = env.secrets();
  REQUIRE(!secrets.empty());
  std::vector<std::string> seen;
  auto faults = plain_faults();
  if (type == "openscaler") {
    faults.push_back({"sse cut", boost::json::object{{"fault", "sse_cut"}}});
    faults.push_back({"sse final 500", boost::json::object{{"fault", "sse_final_error"}, {"status", 500}}});
  }
  std::size_t lines = 0;
  for (auto op : {Op::list, Op::get, Op::create, Op::power}) {
    for (auto const& fault : faults) {
      bool const stalls = fault.label.rfind("stall", 0) == 0;
      auto outcome = env.run(op, fault, stalls ? CallOptions::within(300ms) : CallOptions::within(10s),
                             [&](std::string_view line) { seen.emplace_back(line); });
      if (outcome.error) {
        seen.push_back(outcome.error->to_string());
        seen.push_back(outcome.error->message);
      }
    }
  }
  for (auto const& text : seen) {
    ++lines;
    for (auto const& secret : secrets) {
      CAPTURE(text);
      CHECK(text.find(secret) == std::string::npos);
    }
  }
  CHECK(lines > 150);  // the trace really was on: about one line per request
}

}  // namespace

TEST_CASE("credential scan: openscaler") { scan("openscaler"); }
TEST_CASE("credential scan: katapult") { scan("katapult"); }
TEST_CASE("credential scan: bycloud") { scan("bycloud"); }
