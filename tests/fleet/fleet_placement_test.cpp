// Fleet::resolve / place / place_all / create_placed, async and blocking, over fakes whose catalogs
// come from a CatalogReader (the seam a catalog cache plugs into).
#include "fleet_fixtures.hpp"
#include "tests/core/catalog_builders.hpp"
#include "tests/core/run_coro.hpp"

#include <polycloud/blocking.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace polycloud;
using polycloud::testing::FakeProvider;
using polycloud::testing_catalog::make_size;

namespace {

Capabilities with_features() {
  Capabilities capabilities;
  capabilities.create_ssh_keys = capabilities.create_tags = true;
  return capabilities;
}

/// "alpha" and "beta" (fakes with every create feature but user data) and the catalogs a reader serves.
struct Catalogs {
  std::map<std::string, std::shared_ptr<Catalog const>> by_provider{
      {"alpha", std::make_shared<Catalog const>(Catalog{{make_size("a-small", "A Small", 1, 2048, 20, 0.02, "EUR"),
                                                         make_size("a-big", "A Big", 4, 8192, 80, 0.08, "EUR")},
                                                        {},
                                                        {}})},
      {"beta", std::make_shared<Catalog const>(Catalog{{make_size("b-small", "B Small", 1, 2048, 20, 0.01, "EUR")}, {}, {}})}};
  std::map<std::string, int> reads;
  std::map<std::string, Error> failing;

  PlacementOptions options(std::vector<std::string> providers = {}) {
    PlacementOptions options;
    options.providers = std::move(providers);
    options.catalogs = [this](Provider& provider) -> boost::asio::awaitable<Result<std::shared_ptr<Catalog const>>> {
      ++reads[provider.name()];
      if (auto failure = failing.find(provider.name()); failure != failing.end()) co_return failure->second;
      co_return by_provider.at(provider.name());
    };
    return options;
  }
};

std::vector<std::unique_ptr<FakeProvider>> two_fakes(FakeProvider*& alpha, FakeProvider*& beta) {
  std::vector<std::unique_ptr<FakeProvider>> fakes;
  fakes.push_back(fake_with("alpha", 0));
  fakes.push_back(fake_with("beta", 0));
  for (auto& fake : fakes) fake->set_capabilities(with_features());
  alpha = fakes[0].get();
  beta = fakes[1].get();
  return fakes;
}

CreateSpec small_spec() {
  CreateSpec spec;
  spec.name = "web-1";
  spec.size = "cpu>=1,mem>=2GiB";
  spec.ssh_public_keys = {"ssh-ed25519 AAAA one"};
  return spec;
}

}  // namespace

TEST_CASE("Fleet::place picks the cheapest provider and create_placed builds the resolved spec there") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  Catalogs catalogs;
  auto placement = run_coro([&] { return fleet.place(small_spec(), catalogs.options()); });
  REQUIRE(placement.has_value());
  REQUIRE(placement->ok());
  CHECK(placement->chosen_resolution().provider == "beta");
  CHECK(placement->verdicts[1].reason ==
        "can serve it with size a-small (1 vCPU, 2 GiB, 20 GB, 0.02 EUR/h), but dearer: 0.02 EUR/h > 0.01 EUR/h of "
        "beta's b-small");
  auto created = run_coro([&] { return fleet.create_placed(*placement); });
  REQUIRE(created.has_value());
  CHECK(created->provider == "beta");
  CHECK(created->size == "b-small");
  CHECK(beta->calls(Operation::create) == 1);
  CHECK(alpha->calls(Operation::create) == 0);

  // A subset: only alpha.
  auto only_alpha = run_coro([&] { return fleet.place(small_spec(), catalogs.options({"alpha"})); });
  REQUIRE(only_alpha.has_value());
  CHECK(only_alpha->chosen_resolution().spec.size == "a-small");
  CHECK(only_alpha->resolutions.size() == 1);
}

TEST_CASE("Fleet::place: the same catalogs give the same choice and explain text, byte for byte, across 100 runs") {
  // Ties at every step of the documented order (equal prices, then vCPUs, memory, disk, id; a provider
  // without prices; equal best sizes on two providers), each run with a fresh fleet and fresh catalog
  // copies, so nothing but the catalogs' content can decide.
  auto const catalogs_now = [] {
    Catalogs catalogs;
    catalogs.by_provider["alpha"] = std::make_shared<Catalog const>(
        Catalog{{make_size("a-2", "A Two", 2, 2048, 20, 0.01, "EUR"), make_size("a-1", "A One", 1, 2048, 20, 0.01, "EUR"),
                 make_size("a-1b", "A One B", 1, 2048, 20, 0.01, "EUR"),
                 make_size("a-free", "A Unpriced", 1, 2048, 20, std::nullopt, "")},
                {},
                {}});
    catalogs.by_provider["beta"] = std::make_shared<Catalog const>(
        Catalog{{make_size("b-1", "B One", 1, 2048, 10, 0.01, "EUR"), make_size("b-big", "B Big", 1, 4096, 20, 0.01, "EUR")},
                {},
                {}});
    return catalogs;
  };
  std::string first;
  for (int run = 0; run < 100; ++run) {
    FakeProvider *alpha = nullptr, *beta = nullptr;
    auto fleet = fleet_of(two_fakes(alpha, beta));
    auto catalogs = catalogs_now();
    auto placement = run_coro([&] { return fleet.place(small_spec(), catalogs.options()); });
    REQUIRE(placement.has_value());
    REQUIRE(placement->ok());
    auto const text = explain(*placement);
    if (run == 0) {
      first = text;
      CHECK(placement->chosen_resolution().provider == "beta");  // the same price and vCPUs, less disk
      CHECK(text.find("  outranked a-1b (A One B): matches, but ties with a-1, which sorts first\n") != std::string::npos);
      CHECK(text.find("  outranked a-free (A Unpriced): matches, but its price is unknown (a-1's is known)\n") !=
            std::string::npos);
    } else {
      REQUIRE(text == first);
    }
  }
}

TEST_CASE("Fleet::place: a provider lacking a feature or whose catalog fails is ruled out, with why") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  Catalogs catalogs;
  catalogs.failing.emplace("beta", make_error(ErrorKind::unavailable, "HTTP 503", "beta", "catalog"));
  auto placement = run_coro([&] { return fleet.place(small_spec(), catalogs.options()); });
  REQUIRE(placement.has_value());
  CHECK(placement->chosen_resolution().provider == "alpha");
  CHECK(placement->verdicts[1].reason == "cannot serve it: its catalog could not be read: HTTP 503");

  auto with_user_data = small_spec();
  with_user_data.user_data = "#cloud-config\n";
  auto none = run_coro([&] { return fleet.place(with_user_data, catalogs.options()); });
  REQUIRE(none.has_value());
  REQUIRE_FALSE(none->ok());
  CHECK(none->error->message ==
        "no provider can serve the spec:\n"
        "  alpha: cannot serve it: the spec uses user_data, which alpha does not support\n"
        "  beta: cannot serve it: its catalog could not be read: HTTP 503");
  auto refused = run_coro([&] { return fleet.create_placed(*none); });
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message == none->error->message);
  CHECK(alpha->calls(Operation::create) + beta->calls(Operation::create) == 0);
}

TEST_CASE("Fleet::place_all reads each provider's catalog once for a fleet of specs") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  Catalogs catalogs;
  auto big = small_spec();
  big.size = "cpu>=4";
  std::vector<CreateSpec> specs{small_spec(), big, small_spec()};
  auto placements = run_coro([&] { return fleet.place_all(specs, catalogs.options({"alpha", "beta", "alpha"})); });
  REQUIRE(placements.has_value());
  REQUIRE(placements->size() == 3);
  CHECK((*placements)[0].chosen_resolution().provider == "beta");
  CHECK((*placements)[1].chosen_resolution().spec.size == "a-big");
  CHECK(catalogs.reads == std::map<std::string, int>{{"alpha", 1}, {"beta", 1}});
}

TEST_CASE("Fleet::resolve on one provider: exact ids, its own listing error, an unknown name") {
  FakeProvider *alpha = nullptr, *beta = nullptr;
  auto fleet = fleet_of(two_fakes(alpha, beta));
  Catalogs catalogs;
  auto spec = small_spec();
  spec.size = "A Big";  // a name, as list and get show it
  auto resolution = run_coro([&] { return fleet.resolve("alpha", spec, catalogs.options()); });
  REQUIRE(resolution.has_value());
  REQUIRE(resolution->ok());
  CHECK(resolution->spec.size == "a-big");
  CHECK(resolution->size.by == Choice::By::name);

  catalogs.failing.emplace("alpha", make_error(ErrorKind::rate_limited, "slow down", "alpha", "catalog"));
  auto failed = run_coro([&] { return fleet.resolve("alpha", spec, catalogs.options()); });
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().kind == ErrorKind::rate_limited);

  auto unknown = run_coro([&] { return fleet.place(spec, catalogs.options({"gamma"})); });
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().kind == ErrorKind::config);
  CHECK(unknown.error().provider == "gamma");
}

TEST_CASE("Fleet::resolve uses the config's aliases, and a provider listing no catalog passes names on") {
  auto config = parse_config(R"({"providers": {"f": {"type": "fake", "instances": 0,
                                   "aliases": {"size": {"small": "cpu>=1"}}}}})",
                             "test", [](std::string_view) { return std::optional<std::string>(); });
  REQUIRE(config.has_value());
  boost::asio::io_context io;
  auto fleet = Fleet::create(*config, ProviderContext{io.get_executor(), {}});
  REQUIRE(fleet.has_value());
  auto spec = small_spec();
  spec.size = "small";
  // The fake lists no catalog: collect_catalog answers an empty one, so the alias's selector has nothing.
  auto selector = run_coro([&] { return fleet->resolve("f", spec); });
  REQUIRE(selector.has_value());
  REQUIRE_FALSE(selector->ok());
  CHECK(selector->error->message == "the size selector `cpu>=1` needs the provider's sizes, and it lists none");
  spec.size = "m1.whatever";
  auto name = run_coro([&] { return fleet->resolve("f", spec); });
  REQUIRE(name.has_value());
  CHECK(name->spec.size == "m1.whatever");
  CHECK(name->size.by == Choice::By::unlisted);
  auto collected = run_coro([&] { return collect_catalog(*fleet->provider("f").value()); });
  REQUIRE(collected.has_value());
  CHECK(*collected == Catalog{});
}

TEST_CASE("the blocking fleet places and creates the same way") {
  std::vector<std::unique_ptr<Provider>> providers;
  FakeProvider *alpha = nullptr, *beta = nullptr;
  for (auto& fake : two_fakes(alpha, beta)) providers.push_back(std::move(fake));
  auto fleet = blocking::Fleet::from_providers(std::move(providers)).value();
  Catalogs catalogs;
  auto placement = fleet.place(small_spec(), catalogs.options());
  REQUIRE(placement.has_value());
  CHECK(placement->chosen_resolution().provider == "beta");
  auto created = fleet.create_placed(*placement);
  REQUIRE(created.has_value());
  CHECK(created->size == "b-small");
  auto resolution = fleet.resolve("alpha", small_spec(), catalogs.options());
  REQUIRE(resolution.has_value());
  CHECK(resolution->spec.size == "a-small");
  auto all = fleet.place_all({small_spec()}, catalogs.options());
  REQUIRE(all.has_value());
  CHECK(all->size() == 1);
}
