#include "providers/katapult/operations.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {
providers::CallSite const site{"kat", "katapult", "create", nullptr};
}

TEST_CASE("katapult operations: a build's status under either key") {
  auto current = read_build_status(
      json::parse(R"({"virtual_machine_build":{"id":"vmbuild_1","state":"complete","virtual_machine":{"id":"vm_1"}}})"),
      site);
  REQUIRE(current);
  CHECK(current->id == "vmbuild_1");
  CHECK(current->state == "complete");
  CHECK(current->vm_id == "vm_1");
  auto older = read_build_status(json::parse(R"({"build":{"id":"vmbuild_2","state":"building","virtual_machine":null}})"),
                                 site);
  REQUIRE(older);
  CHECK(older->state == "building");
  CHECK(older->vm_id.empty());
  auto missing = read_build_status(json::parse(R"({"task":{}})"), site);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::protocol);
  auto wrong = read_build_status(json::parse(R"({"build":{"id":"b","state":7}})"), site);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message.find("state") != std::string::npos);
}

TEST_CASE("katapult operations: the build answer - tasks and trash objects") {
  auto started = read_build_started(
      json::parse(R"({"task":{"id":"task_1"},"virtual_machine_build":{"id":"vmbuild_1","state":"pending"},"hostname":"web"})"),
      site);
  REQUIRE(started);
  CHECK(started->build_id == "vmbuild_1");
  CHECK(started->hostname == "web");
  CHECK_FALSE(started->task);  // a task without its status is not one to follow

  auto with_task = read_build_started(
      json::parse(R"({"task":{"id":"task_2","name":"Build virtual machine","status":"pending","progress":0},)"
                  R"("virtual_machine_build":{"id":"vmbuild_2","state":"pending"}})"),
      site);
  REQUIRE(with_task);
  REQUIRE(with_task->task);
  CHECK(with_task->task->id == "task_2");
  CHECK(with_task->task->progress == 0.0);

  auto task = read_task(json::parse(R"({"task":{"id":"task_1","name":"Start","status":"running","progress":40}})"), site);
  REQUIRE(task);
  CHECK(task->status == "running");
  CHECK(task->progress == 40.0);
  CHECK_FALSE(read_task(json::parse(R"({"task":{"id":"task_1"}})"), site));

  auto trash = read_trash_id(json::parse(R"({"trash_object":{"id":"trsh_1","object_id":"vm_1"},"virtual_machine":{}})"),
                             site);
  REQUIRE(trash);
  CHECK(*trash == "trsh_1");
}

TEST_CASE("katapult operations: polls back off by half each time up to 5 s") {
  PollBackoff backoff;
  CHECK(backoff.next() == 250ms);
  CHECK(backoff.next() == 375ms);
  CHECK(backoff.next() == 562ms);
  for (int i = 0; i < 20; ++i) backoff.next();
  CHECK(backoff.next() == 5000ms);
}
