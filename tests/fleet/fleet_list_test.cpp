#include "fleet_fixtures.hpp"
#include "tests/core/run_coro.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>

using namespace polycloud;
using polycloud::testing::FakeProvider;

namespace {
std::vector<std::unique_ptr<FakeProvider>> two_fakes(FakeProvider*& first, FakeProvider*& second) {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 3));
  fakes.push_back(fake_with("beta", 2));
  first = fakes[0].get();
  second = fakes[1].get();
  return fakes;
}

/// A provider that only lists, page by page through `page` (called with 0, 1, …), e.g. an adapter
/// with a bug whose pager throws, or a listing cut after its first page. Everything else is unsupported.
class ListOnlyProvider final : public Provider {
 public:
  using PageFn = std::function<Result<std::optional<std::vector<Instance>>>(int page)>;
  ListOnlyProvider(std::string name, PageFn page) : name_(std::move(name)), page_(std::move(page)) {}

  std::string const& name() const noexcept override { return name_; }
  std::string_view type() const noexcept override { return "list-only"; }
  Capabilities capabilities() const noexcept override { return {}; }
  std::unique_ptr<InstancePager> list(ListOptions) override { return std::make_unique<Pager>(page_); }
  boost::asio::awaitable<Result<Instance>> get(std::string, GetOptions) override {
    co_return unsupported(Operation::get);
  }
  boost::asio::awaitable<Result<Instance>> create(CreateSpec, ProgressCallback, CallOptions) override {
    co_return unsupported(Operation::create);
  }
  boost::asio::awaitable<Result<void>> remove(std::string, CallOptions) override {
    co_return unsupported(Operation::remove);
  }
  boost::asio::awaitable<Result<void>> start(std::string, CallOptions) override {
    co_return unsupported(Operation::start);
  }
  boost::asio::awaitable<Result<void>> stop(std::string, CallOptions) override {
    co_return unsupported(Operation::stop);
  }
  boost::asio::awaitable<Result<void>> reboot(std::string, CallOptions) override {
    co_return unsupported(Operation::reboot);
  }

 private:
  struct Pager final : InstancePager {
    explicit Pager(PageFn page) : page_(std::move(page)) {}
    boost::asio::awaitable<Result<std::optional<std::vector<Instance>>>> next() override { co_return page_(next_++); }
    PageFn page_;
    int next_ = 0;
  };
  Error unsupported(Operation op) const { return not_supported(name_, op); }
  std::string name_;
  PageFn page_;
};

/// list_all over a fleet of a ListOnlyProvider named `name` listing through `page`, then a healthy
/// fake "ok" with 2 instances.
std::vector<ProviderListing> list_all_beside_a_healthy_one(std::string name, ListOnlyProvider::PageFn page) {
  std::vector<std::unique_ptr<Provider>> providers;
  providers.push_back(std::make_unique<ListOnlyProvider>(std::move(name), std::move(page)));
  providers.push_back(fake_with("ok", 2));
  auto fleet = Fleet::from_providers(std::move(providers)).value();
  return run_coro([&] { return fleet.list_all({}); });
}

Instance instance_named(std::string id) {
  Instance instance;
  instance.id = std::move(id);
  instance.name = "vm-" + instance.id;
  return instance;
}
}  // namespace

TEST_CASE("list_all returns every provider's instances in selection order") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  auto listings = run_coro([&] { return fleet.list_all({}); });
  REQUIRE(listings.size() == 2);
  CHECK(listings[0].provider == "alpha");
  REQUIRE(listings[0].instances.has_value());
  CHECK(listings[0].instances->size() == 3);
  CHECK(listings[1].provider == "beta");
  REQUIRE(listings[1].instances.has_value());
  CHECK(listings[1].instances->size() == 2);
  CHECK(merged_instances(listings).size() == 5);
  CHECK(alpha->calls(Operation::list) == 2);  // 3 instances in pages of 2
}

TEST_CASE("one provider failing does not hide the others") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  alpha->fail_next(Operation::list, make_error(ErrorKind::unauthenticated, "bad token"));
  auto listings = run_coro([&] { return fleet.list_all({}); });
  REQUIRE(listings.size() == 2);
  REQUIRE_FALSE(listings[0].instances.has_value());
  CHECK(listings[0].instances.error().kind == ErrorKind::unauthenticated);
  CHECK(listings[0].instances.error().provider == "alpha");
  REQUIRE(listings[1].instances.has_value());
  CHECK(listings[1].instances->size() == 2);
}

TEST_CASE("providers are listed concurrently: a slow provider does not delay the others' pages") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  // alpha comes first in selection order; listed one after another, its pages would arrive first.
  alpha->set_delay(Operation::list, std::chrono::milliseconds(200));
  std::vector<std::string> arrival;
  auto summaries = run_coro([&] {
    return fleet.list({}, [&](std::string const& provider, std::vector<Instance>&) { arrival.push_back(provider); });
  });
  REQUIRE(arrival.size() == 3);  // beta: 1 page, alpha: 2 pages
  CHECK(arrival.front() == "beta");
  CHECK(arrival.back() == "alpha");
  REQUIRE(summaries.size() == 2);
  CHECK(summaries[0].provider == "alpha");
  CHECK(summaries[0].delivered.value() == 3);
  CHECK(summaries[1].delivered.value() == 2);
}

TEST_CASE("the streaming form hands over each page as it arrives") {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("solo", 5, 2));
  auto fleet = fleet_of(std::move(fakes));
  std::vector<std::size_t> page_sizes;
  auto summaries = run_coro([&] {
    return fleet.list({}, [&](std::string const&, std::vector<Instance>& page) { page_sizes.push_back(page.size()); });
  });
  CHECK(page_sizes == std::vector<std::size_t>{2, 2, 1});
  CHECK(summaries.at(0).delivered.value() == 5);
}

TEST_CASE("neutral filters: state, name glob and tags") {
  auto fake = std::make_unique<FakeProvider>("f", 10);
  fake->add(make_instance("1", "web-1", State::running, {{"env", "prod"}}));
  fake->add(make_instance("2", "web-2", State::stopped, {{"env", "prod"}}));
  fake->add(make_instance("3", "db-1", State::running, {{"env", "dev"}}));
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(std::move(fake));
  auto fleet = fleet_of(std::move(fakes));

  auto ids_for = [&](InstanceFilter filter) {
    FleetListOptions options;
    options.list.filter = std::move(filter);
    std::vector<std::string> ids;
    for (auto const& instance : merged_instances(run_coro([&] { return fleet.list_all(options); })))
      ids.push_back(instance.id);
    return ids;
  };
  CHECK(ids_for({}) == std::vector<std::string>{"1", "2", "3"});
  CHECK(ids_for({State::running, "", {}}) == std::vector<std::string>{"1", "3"});
  CHECK(ids_for({std::nullopt, "web-*", {}}) == std::vector<std::string>{"1", "2"});
  CHECK(ids_for({std::nullopt, "", {{"env", "prod"}}}) == std::vector<std::string>{"1", "2"});
  CHECK(ids_for({State::running, "web-?", {{"env", "prod"}}}) == std::vector<std::string>{"1"});
  CHECK(ids_for({State::error, "", {}}).empty());
}

TEST_CASE("selecting providers: only those are listed, each once - an unknown name is that entry's config error") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  FleetListOptions options;
  options.providers = {"beta", "nope", "beta"};
  auto listings = run_coro([&] { return fleet.list_all(options); });
  REQUIRE(listings.size() == 2);
  CHECK(listings[0].provider == "beta");
  CHECK(listings[0].instances->size() == 2);
  CHECK(listings[1].provider == "nope");
  REQUIRE_FALSE(listings[1].instances.has_value());
  CHECK(listings[1].instances.error().kind == ErrorKind::config);
  CHECK(alpha->calls(Operation::list) == 0);
}

TEST_CASE("a provider without list support reports not_supported and sends nothing") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  Capabilities no_list;
  no_list.list = false;
  alpha->set_capabilities(no_list);
  auto listings = run_coro([&] { return fleet.list_all({}); });
  CHECK(listings[0].instances.error().kind == ErrorKind::not_supported);
  CHECK(alpha->calls(Operation::list) == 0);
  CHECK(listings[1].instances->size() == 2);
}

TEST_CASE("the list deadline reaches every provider") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  alpha->set_delay(Operation::list, std::chrono::hours(1));
  FleetListOptions options;
  // alpha's hour proves the deadline reaches it; beta must still start within it on a loaded machine.
  options.list.call = CallOptions::within(std::chrono::seconds(2));
  auto listings = run_coro([&] { return fleet.list_all(options); });
  CHECK(listings[0].instances.error().kind == ErrorKind::timeout);
  CHECK(listings[1].instances->size() == 2);
}

TEST_CASE("an adapter that throws becomes that provider's provider_internal error - the others still list") {
  auto listings = list_all_beside_a_healthy_one(
      "buggy", [](int) -> Result<std::optional<std::vector<Instance>>> { throw std::logic_error("adapter bug"); });
  REQUIRE(listings.size() == 2);
  REQUIRE_FALSE(listings[0].instances.has_value());
  CHECK(listings[0].instances.error().kind == ErrorKind::provider_internal);
  CHECK(listings[0].instances.error().message.find("adapter bug") != std::string::npos);
  CHECK(listings[1].instances->size() == 2);
}

TEST_CASE("a listing that fails after its first page keeps those instances beside the error") {
  // list_all kept only the error: the page delivered before a cut stream or a malformed item was lost.
  auto listings = list_all_beside_a_healthy_one("cut", [](int page) -> Result<std::optional<std::vector<Instance>>> {
    if (page == 0) return std::optional{std::vector{instance_named("1"), instance_named("2")}};
    return make_error(ErrorKind::protocol, "item 2 of page 2 is malformed", "cut", "list");
  });
  REQUIRE(listings.size() == 2);
  REQUIRE_FALSE(listings[0].instances.has_value());
  CHECK(listings[0].instances.error().kind == ErrorKind::protocol);
  REQUIRE(listings[0].partial.size() == 2);
  CHECK(listings[0].partial[0].id == "1");
  CHECK(listings[0].partial[1].id == "2");
  REQUIRE(listings[1].instances.has_value());
  CHECK(listings[1].instances->size() == 2);
  CHECK(listings[1].partial.empty());
}

TEST_CASE("list_until: the sink's stop ends the listing - no page after it - and stopping is no failure") {
  // 100 pages of one instance each; the sink has enough after 3 of them.
  std::vector<int> fetched(2, 0);
  auto pages = [&](std::size_t provider) {
    return [&fetched, provider](int page) -> Result<std::optional<std::vector<Instance>>> {
      ++fetched[provider];
      if (page >= 100) return std::optional<std::vector<Instance>>();
      return std::optional(std::vector<Instance>{instance_named(std::to_string(provider) + "-" + std::to_string(page))});
    };
  };
  std::vector<std::unique_ptr<Provider>> providers;
  providers.push_back(std::make_unique<ListOnlyProvider>("alpha", pages(0)));
  providers.push_back(std::make_unique<ListOnlyProvider>("beta", pages(1)));
  auto fleet = Fleet::from_providers(std::move(providers)).value();
  std::size_t handed = 0;
  auto summaries = run_coro([&] {
    return fleet.list_until({}, [&](std::string const&, std::vector<Instance>& page) {
      handed += page.size();
      return handed >= 3 ? ListFlow::stop : ListFlow::more;
    });
  });
  CHECK(handed == 3);  // nothing reached the sink after its stop
  REQUIRE(summaries.size() == 2);
  CHECK(summaries[0].delivered.value() + summaries[1].delivered.value() == 3);
  // Each provider stops at its next page: at most one page past what it delivered was fetched.
  CHECK(fetched[0] <= static_cast<int>(summaries[0].delivered.value()) + 1);
  CHECK(fetched[1] <= static_cast<int>(summaries[1].delivered.value()) + 1);
}
