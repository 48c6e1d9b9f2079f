// The fake provider, driven only through the public Provider interface (as users' tests would).
#include <polycloud/testing/fake_provider.hpp>

#include "run_coro.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using polycloud::testing::FakeProvider;
namespace asio = boost::asio;

namespace {
std::unique_ptr<FakeProvider> seeded(std::size_t count) {
  auto fake = std::make_unique<FakeProvider>("f", 2);
  for (std::size_t i = 0; i < count; ++i) {
    Instance instance;
    instance.id = "i-" + std::to_string(i);
    instance.name = (i % 2 ? "db-" : "web-") + std::to_string(i);
    instance.state = i % 2 ? State::stopped : State::running;
    fake->add(instance);
  }
  return fake;
}
}  // namespace

TEST_CASE("listing is paged lazily and the caller can stop early") {
  auto fake = seeded(5);
  Provider& provider = *fake;
  auto pager = provider.list({});
  auto first = run_coro([&] { return pager->next(); });
  REQUIRE(first.has_value());
  REQUIRE(first->has_value());
  CHECK((*first)->size() == 2);
  CHECK((*first)->front().provider == "f");
  CHECK(fake->calls(Operation::list) == 1);  // only one page fetched so far

  auto all = run_coro([&] { return collect(provider.list({})); });
  REQUIRE(all.has_value());
  CHECK(all->size() == 5);
  CHECK(fake->calls(Operation::list) == 1 + 3);
}

TEST_CASE("list applies the neutral filter") {
  auto fake = seeded(6);
  ListOptions options;
  options.filter.name_glob = "web-*";
  options.filter.state = State::running;
  auto all = run_coro([&] { return collect(fake->list(options)); });
  REQUIRE(all.has_value());
  CHECK(all->size() == 3);
  for (auto const& i : *all) CHECK(i.name.starts_with("web-"));
}

TEST_CASE("an injected list failure ends the pager and repeats the error") {
  auto fake = seeded(4);
  fake->fail_next(Operation::list, make_error(ErrorKind::unavailable, "down"));
  auto pager = fake->list({});
  auto page = run_coro([&] { return pager->next(); });
  REQUIRE_FALSE(page.has_value());
  CHECK(page.error().kind == ErrorKind::unavailable);
  CHECK(page.error().provider == "f");
  CHECK(page.error().operation == "list");
  auto again = run_coro([&] { return pager->next(); });
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().kind == ErrorKind::unavailable);
}

TEST_CASE("create reports progress and the new instance is listed, power actions change state, delete removes") {
  FakeProvider fake("f");
  std::vector<double> percents;
  CreateSpec spec;
  spec.name = "web-9";
  spec.tags["env"] = "test";
  auto created = run_coro([&] {
    return fake.create(spec, [&](Progress const& p) { percents.push_back(p.percent.value_or(-1)); }, {});
  });
  REQUIRE(created.has_value());
  CHECK(created->name == "web-9");
  CHECK(created->state == State::running);
  CHECK(percents == std::vector<double>{0, 50, 100});

  auto stopped = run_coro([&] { return fake.stop(created->id, {}); });
  CHECK(stopped.has_value());
  auto got = run_coro([&] { return fake.get(created->id, {}); });
  REQUIRE(got.has_value());
  CHECK(got->state == State::stopped);

  CHECK(run_coro([&] { return fake.remove(created->id, {}); }).has_value());
  auto gone = run_coro([&] { return fake.get(created->id, {}); });
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().kind == ErrorKind::not_found);
}

TEST_CASE("an unsupported operation fails with not_supported before doing anything") {
  auto fake = seeded(1);
  Capabilities caps;
  caps.reboot = false;
  fake->set_capabilities(caps);
  auto result = run_coro([&] { return fake->reboot("i-0", {}); });
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().kind == ErrorKind::not_supported);
  CHECK(result.error().operation == "reboot");
  CHECK(result.error().provider == "f");
  CHECK(fake->calls(Operation::reboot) == 0);
}

TEST_CASE("a delay longer than the deadline ends with timeout at the deadline") {
  auto fake = seeded(1);
  fake->set_delay(Operation::get, std::chrono::seconds(30));
  auto const started = Clock::now();
  GetOptions options;
  options.call = CallOptions::within(std::chrono::milliseconds(50));
  auto result = run_coro([&] { return fake->get("i-0", options); });
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().kind == ErrorKind::timeout);
  CHECK(Clock::now() - started < std::chrono::seconds(10));  // generous: proves it did not wait 30 s
}

TEST_CASE("the fake refuses an empty - dot or dot-dot id as the adapters do and counts no call") {
  auto fake = seeded(1);
  Provider& provider = *fake;
  for (std::string const id : {"", ".", ".."}) {
    auto got = run_coro([&] { return provider.get(id, {}); });
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().kind == ErrorKind::invalid_argument);
    auto removed = run_coro([&] { return provider.remove(id, {}); });
    REQUIRE_FALSE(removed.has_value());
    CHECK(removed.error().kind == ErrorKind::invalid_argument);
    auto stopped = run_coro([&] { return provider.stop(id, {}); });
    REQUIRE_FALSE(stopped.has_value());
    CHECK(stopped.error().operation == "stop");
  }
  CHECK(fake->calls(Operation::get) == 0);
  CHECK(fake->calls(Operation::remove) == 0);
  CHECK(fake->calls(Operation::stop) == 0);
}

TEST_CASE("the fake provider honours idempotency keys as the adapters do - adopt - conflict - refuse") {
  FakeProvider fake("f");
  Provider& provider = fake;
  CreateSpec spec;
  spec.name = "web";
  spec.idempotency_key = "k-1";
  auto made = run_coro([&] { return provider.create(spec, {}, {}); });
  REQUIRE(made.has_value());
  CHECK(!made->adopted);
  auto again = run_coro([&] { return provider.create(spec, {}, {}); });
  REQUIRE(again.has_value());
  CHECK(again->adopted);
  CHECK(again->id == made->id);
  CHECK(fake.instances().size() == 1);

  std::vector<std::string> keys{"k-1", "k-2"};
  auto found = run_coro([&] { return provider.find_by_idempotency_keys(keys, {}); });
  REQUIRE(found.has_value());
  CHECK(found->at("k-1").size() == 1);
  CHECK(found->at("k-2").empty());

  Instance twin;
  twin.id = "twin";
  twin.extras["idempotency_key"] = "k-1";
  fake.add(twin);
  auto conflict = run_coro([&] { return provider.create(spec, {}, {}); });
  REQUIRE_FALSE(conflict.has_value());
  CHECK(conflict.error().kind == ErrorKind::conflict);

  spec.idempotency_key = "a b";
  auto refused = run_coro([&] { return provider.create(spec, {}, {}); });
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
}
