// Resolving a spec on one provider and placing it among several: the cheapest by the documented
// order, features checked, every provider's verdict, the same answer whatever the offers' order.
#include "catalog_builders.hpp"

#include <polycloud/placement.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace polycloud;

namespace {

Size size(std::string id, int vcpus, std::int64_t mib, std::int64_t disk, std::optional<double> hourly,
          std::vector<std::string> regions = {}) {
  return testing_catalog::make_size(id, id, vcpus, mib, disk, hourly, "", std::move(regions));
}

Image debian(std::string id, std::string version, std::optional<std::int64_t> min_disk = std::nullopt) {
  return testing_catalog::make_image(std::move(id), "Debian " + version, "debian", version, min_disk);
}

Region region(std::string id, std::string country) { return testing_catalog::make_region(id, id, std::move(country)); }

Capabilities every_feature() {
  Capabilities c;
  c.create_ssh_keys = c.create_user_data = c.create_tags = c.create_extra_disks = true;
  return c;
}

Offer offer(std::string name, Catalog catalog, Capabilities capabilities = every_feature()) {
  Offer o;
  o.provider = std::move(name);
  o.catalog = std::make_shared<Catalog const>(std::move(catalog));
  o.capabilities = capabilities;
  return o;
}

std::vector<Offer> three_offers() {
  Capabilities no_user_data = every_feature();
  no_user_data.create_user_data = false;
  return {
      offer("alg", Catalog{{size("b-2", 2, 4096, 40, 0.04), size("b-1", 1, 2048, 20, 0.02)}, {debian("debian-12", "12")}, {}}),
      offer("kat", Catalog{{size("rock-3", 1, 2048, 20, 0.015), size("rock-6", 2, 4096, 40, 0.03)},
                           {debian("dtpl-deb12", "12")}, {region("uk-lon-1", "GB")}},
            no_user_data),
      offer("byc", Catalog{{size("m1.small", 1, 2048, 20, 0.018)}, {debian("img-deb11", "11")}, {}}),
  };
}

CreateSpec spec(std::string size_text, std::string image_text = "debian:12") {
  CreateSpec s;
  s.name = "web-1";
  s.size = std::move(size_text);
  s.image = std::move(image_text);
  s.ssh_public_keys = {"ssh-ed25519 AAAA test"};
  return s;
}

}  // namespace

TEST_CASE("place: the cheapest provider serving every requirement wins, the others say why not") {
  auto offers = three_offers();
  auto placement = place(spec("cpu>=1,mem>=2GiB"), offers);
  REQUIRE(placement.ok());
  CHECK(placement.chosen_resolution().provider == "kat");
  CHECK(placement.chosen_resolution().spec.size == "rock-3");
  CHECK(placement.chosen_resolution().spec.image == "dtpl-deb12");
  REQUIRE(placement.verdicts.size() == 3);
  CHECK(placement.verdicts[0] ==
        Verdict{"kat", "", Verdict::Outcome::chosen, "serves it best: size rock-3 (1 vCPU, 2 GiB, 20 GB, 0.015/h)"});
  CHECK(placement.verdicts[1] ==
        Verdict{"alg", "", Verdict::Outcome::outranked,
                "can serve it with size b-1 (1 vCPU, 2 GiB, 20 GB, 0.02/h), but dearer: 0.02/h > 0.015/h of kat's rock-3"});
  CAPTURE(placement.verdicts[2].reason);
  // The nearest candidates follow "the nearest:" on the verdict's one line (they were cut before them).
  CHECK(placement.verdicts[2].id == "byc");
  CHECK(placement.verdicts[2].outcome == Verdict::Outcome::rejected);
  CHECK(placement.verdicts[2].reason.starts_with("cannot serve it: no image matches `debian:12` among 1 image; the nearest: "));
  CHECK(placement.verdicts[2].reason.find('\n') == std::string::npos);
  CHECK_FALSE(placement.error);
}

TEST_CASE("place: a feature the provider lacks rules it out before its catalog is considered") {
  auto offers = three_offers();
  auto with_user_data = spec("cpu>=1");
  with_user_data.user_data = "#cloud-config\n";
  auto placement = place(with_user_data, offers);
  REQUIRE(placement.ok());
  CHECK(placement.chosen_resolution().provider == "alg");
  auto const& kat = placement.resolutions[1];
  CHECK(kat.missing_features == std::vector<std::string>{"user_data"});
  REQUIRE(kat.error);
  CHECK(kat.error->kind == ErrorKind::not_supported);
  CHECK(kat.error->provider == "kat");
  CHECK(kat.error->operation == "create");
  CHECK(placement.verdicts[2].reason == "cannot serve it: the spec uses user_data, which kat does not support");

  // Only kat and nothing else: not_supported, naming it.
  auto alone = place(with_user_data, std::span(offers).subspan(1, 1));
  REQUIRE_FALSE(alone.ok());
  CHECK(alone.error->kind == ErrorKind::not_supported);
  CHECK(alone.error->message ==
        "no provider can serve the spec:\n  kat: cannot serve it: the spec uses user_data, which kat does not support");
}

TEST_CASE("place: no provider can serve it is a config error naming each") {
  auto offers = three_offers();
  auto placement = place(spec("cpu>=64"), offers);
  REQUIRE_FALSE(placement.ok());
  CHECK(placement.error->kind == ErrorKind::config);
  CHECK(placement.error->operation == "create");
  CHECK(placement.error->message ==
        "no provider can serve the spec:\n"
        "  alg: cannot serve it: no size matches `cpu>=64` among 2 sizes; the nearest: b-2: needs cpu>=64, has 2 vCPUs; "
        "b-1: needs cpu>=64, has 1 vCPU\n"
        "  byc: cannot serve it: no size matches `cpu>=64` among 1 size; the nearest: m1.small: needs cpu>=64, has 1 vCPU\n"
        "  kat: cannot serve it: no size matches `cpu>=64` among 2 sizes; the nearest: rock-6: needs cpu>=64, has 2 vCPUs; "
        "rock-3: needs cpu>=64, has 1 vCPU");
  CHECK(place(spec("cpu>=1"), {}).error->message == "no provider to place the spec on");
}

TEST_CASE("place: the offers' order never changes the choice or the explanation") {
  auto offers = three_offers();
  auto const reference = explain(place(spec("cpu>=1,mem>=2GiB"), offers));
  std::sort(offers.begin(), offers.end(), [](Offer const& a, Offer const& b) { return a.provider < b.provider; });
  do {
    auto placement = place(spec("cpu>=1,mem>=2GiB"), offers);
    CHECK(placement.chosen_resolution().provider == "kat");
    CHECK(explain(placement) == reference);
  } while (std::next_permutation(offers.begin(), offers.end(),
                                 [](Offer const& a, Offer const& b) { return a.provider < b.provider; }));
}

TEST_CASE("place: equal sizes tie on the provider name, a listed size beats an unlisted one") {
  std::vector<Offer> offers{offer("zeta", Catalog{{size("s", 1, 1024, 10, 0.01)}, {}, {}}),
                            offer("alpha", Catalog{{size("s", 1, 1024, 10, 0.01)}, {}, {}}),
                            offer("beta", Catalog{})};
  auto placement = place(spec("s", ""), offers);
  REQUIRE(placement.ok());
  CHECK(placement.chosen_resolution().provider == "alpha");
  CHECK(placement.verdicts[1].reason ==
        "can serve it with size s (1 vCPU, 1 GiB, 10 GB, 0.01/h), but ties with alpha's s, which sorts first");
  CHECK(placement.verdicts[2].id == "beta");
  CHECK(placement.verdicts[2].reason ==
        "can serve it with size `s` (not listed, so its price is unknown), but its size is not in its catalog, and "
        "alpha's is");
  // A provider that lists nothing passes names on, and alone it serves them.
  auto unlisted = place(spec("s", ""), std::span(offers).subspan(2));
  REQUIRE(unlisted.ok());
  CHECK(unlisted.chosen_resolution().size.by == Choice::By::unlisted);
  CHECK(unlisted.chosen_resolution().spec.size == "s");
}

TEST_CASE("place: prices in different currencies choose nothing, and say which provider uses which") {
  auto priced = [](std::string id, double hourly, std::string currency) {
    return testing_catalog::make_size(id, id, 1, 2048, 20, hourly, std::move(currency));
  };
  auto const offers_in = [&](std::string alg_currency, std::string kat_currency, std::string byc_currency) {
    return std::vector<Offer>{offer("alg", Catalog{{priced("b-1", 0.02, alg_currency)}, {}, {}}),
                              offer("kat", Catalog{{priced("rock-3", 0.015, kat_currency)}, {}, {}}),
                              offer("byc", Catalog{{priced("m1.small", 0.018, byc_currency)}, {}, {}})};
  };

  // 0.015 GBP is not known to be cheaper than 0.02 EUR: no choice, a config error naming the currencies.
  auto const mixed = offers_in("EUR", "GBP", "eur");
  auto placement = place(spec("cpu>=1", ""), mixed);
  REQUIRE_FALSE(placement.ok());
  CHECK(placement.error->kind == ErrorKind::config);
  CHECK(placement.error->operation == "create");
  CHECK(placement.error->message ==
        "the providers that can serve the spec price their sizes in different currencies (EUR for alg, byc; GBP "
        "for kat), and placement does not convert between them: give every provider's prices in one currency (a "
        "`prices` block in each provider's config), or name the provider to create on:\n"
        "  kat: can serve it with size rock-3 (1 vCPU, 2 GiB, 20 GB, 0.015 GBP/h), but its price cannot be compared "
        "with the others' (different currencies)\n"
        "  byc: can serve it with size m1.small (1 vCPU, 2 GiB, 20 GB, 0.018 eur/h), but its price cannot be "
        "compared with the others' (different currencies)\n"
        "  alg: can serve it with size b-1 (1 vCPU, 2 GiB, 20 GB, 0.02 EUR/h), but its price cannot be compared "
        "with the others' (different currencies)");
  for (auto const& verdict : placement.verdicts) CHECK(verdict.outcome == Verdict::Outcome::outranked);

  // One currency (case aside), or a price that names none: compared as written, the cheapest chosen.
  for (auto const& agreeing : {offers_in("EUR", "eur", "EUR"), offers_in("EUR", "", "EUR"), offers_in("", "", "")}) {
    auto chosen = place(spec("cpu>=1", ""), agreeing);
    REQUIRE(chosen.ok());
    CHECK(chosen.chosen_resolution().provider == "kat");
  }
  // Only the providers that can serve the spec count: a dearer size in another currency that does not
  // match, or a provider alone, changes nothing.
  auto const alone = place(spec("cpu>=1", ""), std::span(mixed).subspan(1, 1));
  REQUIRE(alone.ok());
  CHECK(alone.chosen_resolution().provider == "kat");
  auto with_a_misfit = offers_in("EUR", "EUR", "EUR");
  with_a_misfit.push_back(offer("big", Catalog{{testing_catalog::make_size("x", "x", 64, 262144, 20, 0.001, "USD")}, {}, {}}));
  auto const ignored = place(spec("cpu>=1,cpu<=2", ""), with_a_misfit);
  REQUIRE(ignored.ok());
  CHECK(ignored.chosen_resolution().provider == "kat");
}

TEST_CASE("resolve: ids replace selectors, the image's minimum disk and the size's regions constrain") {
  Offer kat = offer("kat", Catalog{{size("tiny", 1, 1024, 10, 0.005), size("rock-3", 1, 2048, 20, 0.015, {"uk-man-1"}),
                                    size("rock-6", 2, 4096, 40, 0.03)},
                                   {debian("dtpl-deb12", "12", 20)},
                                   {region("uk-lon-1", "GB"), region("uk-man-1", "GB"), region("de-fra-1", "DE")}});
  auto in_gb = spec("cpu>=1");
  in_gb.region = "country=GB";
  auto resolution = resolve(in_gb, kat);
  REQUIRE(resolution.ok());
  CHECK(resolution.spec.size == "rock-3");       // tiny's 10 GB is below the image's 20 GB
  CHECK(resolution.spec.region == "uk-man-1");  // the first GB region offering rock-3
  CHECK(resolution.spec.image == "dtpl-deb12");
  CHECK(resolution.spec.name == "web-1");
  CHECK(resolution.region.candidates[1] ==
        Verdict{"uk-lon-1", "", Verdict::Outcome::rejected, "does not offer size rock-3"});
  REQUIRE(resolution.chosen_size);
  CHECK(resolution.chosen_size->id == "rock-3");
  // A single named provider's features are its adapter's to refuse.
  auto with_user_data = in_gb;
  with_user_data.user_data = "x";
  Offer bare = kat;
  bare.capabilities = Capabilities{};
  CHECK(resolve(with_user_data, bare).ok());
  CHECK_FALSE(resolve(with_user_data, bare, true).ok());
  // Aliases are the provider's own.
  bare.aliases.size["small"] = "rock-6";
  CHECK(resolve(spec("small"), bare).spec.size == "rock-6");
}

TEST_CASE("place: a provider whose catalog could not be listed serves nothing, and says why") {
  auto offers = three_offers();
  offers[1].unavailable = make_error(ErrorKind::unavailable, "catalog: HTTP 503", "kat", "catalog");
  auto placement = place(spec("cpu>=1"), offers);
  REQUIRE(placement.ok());
  CHECK(placement.chosen_resolution().provider == "alg");
  CHECK(placement.resolutions[1].error->kind == ErrorKind::unavailable);
  CHECK(placement.verdicts.back() == Verdict{"kat", "", Verdict::Outcome::rejected, "cannot serve it: catalog: HTTP 503"});
}

TEST_CASE("resolve: the first failing choice is the error, naming provider and operation") {
  auto offers = three_offers();
  auto resolution = resolve(spec("cpu>=1,mem>=4", "debian:13"), offers[0]);
  REQUIRE_FALSE(resolution.ok());
  CHECK(resolution.error->kind == ErrorKind::config);
  CHECK(resolution.error->provider == "alg");
  CHECK(resolution.error->operation == "create");
  CHECK(resolution.error->message.starts_with("size selector: memory needs a unit"));
  CHECK_FALSE(resolution.image.ok());  // still explained
}

TEST_CASE("place_all: a fleet of specs in one pass over shared catalogs") {
  auto offers = three_offers();
  std::vector<CreateSpec> specs{spec("cpu>=2"), spec("cpu>=1"), spec("cpu>=9")};
  auto placements = place_all(specs, offers);
  REQUIRE(placements.size() == 3);
  CHECK(placements[0].chosen_resolution().provider == "kat");
  CHECK(placements[0].chosen_resolution().spec.size == "rock-6");
  CHECK(placements[1].chosen_resolution().spec.size == "rock-3");
  CHECK_FALSE(placements[2].ok());
  CHECK(offers[0].catalog.use_count() == 1);  // shared, never copied into the placements
}

TEST_CASE("explain: one header per choice and one line per candidate") {
  auto offers = three_offers();
  auto text = explain(resolve(spec("cpu>=1,mem>=2GiB"), offers[1]));
  CHECK(text ==
        "size `cpu>=1,mem>=2GiB` on kat: by selector, rock-3\n"
        "  chosen    rock-3: the best match: 1 vCPU, 2 GiB, 20 GB, 0.015/h\n"
        "  outranked rock-6: matches, but dearer: 0.03/h > 0.015/h of rock-3\n"
        "image `debian:12` on kat: by selector, dtpl-deb12\n"
        "  chosen    dtpl-deb12 (Debian 12): the best match: debian 12\n"
        "region on kat: none asked, the provider's default\n");
  auto unlisted = explain(resolve(spec("small", ""), offer("alg", Catalog{})));
  CHECK(unlisted == "size `small` on alg: alg lists no sizes, so it is passed on as given\n"
                    "image on alg: none asked, the provider's default\n"
                    "region on alg: none asked, the provider's default\n");
  auto placed = explain(place(spec("cpu>=1"), offers));
  CHECK(placed.starts_with("provider:\n  chosen    kat: serves it best: size rock-3"));
  CHECK(placed.find("\n  rejected  byc: cannot serve it: no image matches") != std::string::npos);
  CHECK(placed.find("size `cpu>=1` on byc: by selector, m1.small\n") != std::string::npos);
  CHECK(placed.find("features on") == std::string::npos);
}
