// Choosing sizes, images and regions: exact names first, the documented order, every candidate's
// verdict, and the three nearest on no match.
#include "catalog_builders.hpp"

#include <polycloud/selector.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

namespace {

Size size(std::string id, std::string name, int vcpus, std::int64_t mib, std::optional<std::int64_t> disk,
          std::optional<double> hourly, std::vector<std::string> regions = {}) {
  return testing_catalog::make_size(std::move(id), std::move(name), vcpus, mib, disk, hourly, "GBP", std::move(regions));
}
using testing_catalog::make_image;
using testing_catalog::make_region;

std::vector<Size> sizes() {
  return {size("m3", "Medium-3", 2, 8192, 40, 0.03),  size("big", "Big", 8, 32768, 160, std::nullopt),
          size("s1", "Small-1", 1, 1024, 20, 0.01),    size("m2", "Medium-2", 2, 4096, 40, 0.03),
          size("m1", "Medium-1", 2, 4096, 40, 0.03),   size("s2", "Small-2", 1, 2048, 25, 0.015)};
}

std::vector<std::string> ids(Choice const& choice) {
  std::vector<std::string> out;
  for (auto const& verdict : choice.candidates) out.push_back(verdict.id);
  return out;
}

}  // namespace

TEST_CASE("size: the cheapest match wins, then vCPUs, memory, disk and id break ties") {
  auto choice = choose_size("cpu>=2,mem>=4GiB", sizes());
  REQUIRE(choice.ok());
  CHECK(choice.by == Choice::By::selector);
  CHECK(choice.id == "m1");  // m1, m2 tie on every key but id; m3 has more memory; big has no price
  CHECK(ids(choice) == std::vector<std::string>{"m1", "m2", "m3", "big", "s1", "s2"});
  CHECK(choice.candidates[0] == Verdict{"m1", "Medium-1", Verdict::Outcome::chosen,
                                        "the best match: 2 vCPUs, 4 GiB, 40 GB, 0.03 GBP/h"});
  CHECK(choice.candidates[1].reason == "matches, but ties with m1, which sorts first");
  CHECK(choice.candidates[2].reason == "matches, but more memory at the same price as m1: 8 GiB > 4 GiB");
  CHECK(choice.candidates[3].reason == "matches, but its price is unknown (m1's is known)");
  CHECK(choice.candidates[4] == Verdict{"s1", "Small-1", Verdict::Outcome::rejected,
                                        "needs cpu>=2, has 1 vCPU; needs mem>=4GiB, has 1 GiB"});
  CHECK(choice.candidates[3].outcome == Verdict::Outcome::outranked);
}

TEST_CASE("size: price, disk and vCPU order") {
  CHECK(choose_size("mem>=1GiB", sizes()).id == "s1");
  CHECK(choose_size("cpu>=1", sizes()).candidates[1].reason == "matches, but dearer: 0.015 GBP/h > 0.01 GBP/h of s1");
  CHECK(choose_size("price<=0.015", sizes()).id == "s1");
  CHECK(choose_size("price>0.015,cpu<=2", sizes()).id == "m1");
  auto no_price = choose_size("cpu>=8", sizes());
  CHECK(no_price.id == "big");
  CHECK(choose_size("price<1,cpu>=8", sizes()).candidates[1].reason == "needs price<1, has no known price");
  std::vector<Size> same_price{size("b", "", 4, 4096, 80, 0.02), size("a", "", 2, 4096, std::nullopt, 0.02),
                               size("c", "", 2, 4096, 40, 0.02)};
  auto order = choose_size("cpu>=1", same_price);
  CHECK(ids(order) == std::vector<std::string>{"c", "a", "b"});
  CHECK(order.candidates[1].reason == "matches, but its disk is unknown (c's is known)");
  CHECK(order.candidates[2].reason == "matches, but more vCPUs at the same price as c: 4 > 2");
  CHECK(order.candidates[0].name.empty());  // equal to the id: not repeated
}

TEST_CASE("size: the same input gives the same choice whatever the catalog order") {
  auto forward = sizes();
  auto backward = std::vector<Size>(forward.rbegin(), forward.rend());
  auto a = choose_size("cpu>=2", forward), b = choose_size("cpu>=2", backward);
  CHECK(a.id == b.id);
  // Matches come in rank order either way; the rejected keep catalog order.
  CHECK(std::vector(a.candidates.begin(), a.candidates.begin() + 4) ==
        std::vector(b.candidates.begin(), b.candidates.begin() + 4));
}

TEST_CASE("size: an exact id, a name, a name ignoring case and an alias win over a selector") {
  auto by_id = choose_size("s2", sizes());
  CHECK(by_id.by == Choice::By::id);
  CHECK(by_id.id == "s2");
  CHECK(by_id.candidates.front() == Verdict{"s2", "Small-2", Verdict::Outcome::chosen, "its id is `s2`"});
  CHECK(by_id.candidates.size() == 6);
  CHECK(by_id.candidates.back().reason == "not `s2`");

  auto by_name = choose_size("Medium-2", sizes());
  CHECK(by_name.by == Choice::By::name);
  CHECK(by_name.id == "m2");
  CHECK(choose_size("medium-2", sizes()).id == "m2");
  CHECK(choose_size("medium-2", sizes()).candidates.front().reason == "its id or name is `medium-2` ignoring case");

  AliasTable aliases{{"small", "Small-1"}, {"cheap", "price<=0.01"}, {"private", "img-hidden"}};
  auto alias = choose_size("small", sizes(), aliases);
  CHECK(alias.by == Choice::By::alias);
  CHECK(alias.id == "s1");
  CHECK(alias.candidates.front().reason == "alias `small` -> `Small-1`: its name is `Small-1`");
  auto alias_selector = choose_size("cheap", sizes(), aliases);
  CHECK(alias_selector.by == Choice::By::alias);
  CHECK(alias_selector.id == "s1");
  auto unlisted_target = choose_size("private", sizes(), aliases);
  CHECK(unlisted_target.ok());
  CHECK(unlisted_target.id == "img-hidden");
  CHECK(unlisted_target.candidates.front().reason ==
        "alias `private` -> `img-hidden`: not listed: passed to the provider as given");

  // An id that looks like a selector still wins as an id.
  std::vector<Size> odd{size("cpu=2", "", 4, 4096, 40, 0.5), size("x", "", 2, 4096, 40, 0.1)};
  CHECK(choose_size("cpu=2", odd).id == "cpu=2");
}

TEST_CASE("size: nothing listed passes a name on, and refuses a selector") {
  auto name = choose_size("b-1-500mb-10", {});
  CHECK(name.ok());
  CHECK(name.by == Choice::By::unlisted);
  CHECK(name.id == "b-1-500mb-10");
  auto selector = choose_size("cpu>=2", {});
  REQUIRE_FALSE(selector.ok());
  CHECK(selector.error->kind == ErrorKind::config);
  CHECK(selector.error->message == "the size selector `cpu>=2` needs the provider's sizes, and it lists none");
  auto none = choose_size("", sizes());
  CHECK(none.ok());
  CHECK(none.by == Choice::By::none);
  CHECK(none.id.empty());
}

TEST_CASE("size: no match names the three nearest and why each failed") {
  // Fewest failed terms first, then the smallest relative shortfall, then the documented order.
  auto choice = choose_size("cpu>=4,mem>=16GiB,price<=1", sizes());
  REQUIRE_FALSE(choice.ok());
  CHECK(choice.error->kind == ErrorKind::config);
  CHECK(choice.error->message ==
        "no size matches `cpu>=4,mem>=16GiB,price<=1` among 6 sizes; the nearest:\n"
        "  big (Big): needs price<=1, has no known price\n"
        "  m3 (Medium-3): needs cpu>=4, has 2 vCPUs; needs mem>=16GiB, has 8 GiB\n"
        "  m1 (Medium-1): needs cpu>=4, has 2 vCPUs; needs mem>=16GiB, has 4 GiB");
  CHECK(choice.candidates.size() == 6);  // every candidate still explained
  // An unknown value counts as a whole shortfall: s1's 1 of 8 vCPUs is nearer than big's unknown price.
  auto capped = choose_size("cpu>=8,price<=0.01", sizes());
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.error->message ==
        "no size matches `cpu>=8,price<=0.01` among 6 sizes; the nearest:\n"
        "  s1 (Small-1): needs cpu>=8, has 1 vCPU\n"
        "  big (Big): needs price<=0.01, has no known price\n"
        "  m1 (Medium-1): needs cpu>=8, has 2 vCPUs; needs price<=0.01, has 0.03 GBP/h");
}

TEST_CASE("size: a name missing from a catalog known only from config and VMs goes through") {
  auto declared = sizes();
  for (auto& one : declared) one.source = CatalogSource::config;
  declared[1].source = CatalogSource::observed;
  auto choice = choose_size("b-4-8gb", declared);
  REQUIRE(choice.ok());
  CHECK(choice.by == Choice::By::unlisted);
  CHECK(choice.id == "b-4-8gb");
  CHECK(choice.candidates.front().reason ==
        "not among the 6 sizes known from the config and the account's VMs: passed to the provider as given");
  CHECK(choose_size("Small-1", declared).id == "s1");  // a known name still resolves
  CHECK_FALSE(choose_size("cpu>=64", declared).ok());  // and a selector still needs a match
}

TEST_CASE("size: an unknown name names the nearest by spelling") {
  auto choice = choose_size("Smal-1", sizes());
  REQUIRE_FALSE(choice.ok());
  CHECK(choice.error->message ==
        "no size is named `Smal-1` among 6 sizes; the nearest:\n"
        "  s1 (Small-1): not `Smal-1` (1 edit away)\n"
        "  s2 (Small-2): not `Smal-1` (2 edits away)\n"
        "  m1 (Medium-1): not `Smal-1` (4 edits away)");
}

TEST_CASE("size: a syntax mistake is a config error with its caret, also through an alias") {
  auto choice = choose_size("cpu>=2,mem>=4", sizes());
  REQUIRE_FALSE(choice.ok());
  CHECK(choice.error->kind == ErrorKind::config);
  CHECK(choice.error->message.find("at column 14:\n  cpu>=2,mem>=4\n") != std::string::npos);
  auto alias = choose_size("big", sizes(), {{"big", "cpu>=x"}});
  REQUIRE_FALSE(alias.ok());
  CHECK(alias.error->message.starts_with("alias `big` -> `cpu>=x`: size selector: expected a number"));
}

TEST_CASE("size: region and image-disk context rule sizes out") {
  std::vector<Size> regional{size("a", "", 1, 1024, 10, 0.01, {"uk-1"}), size("b", "", 1, 1024, 30, 0.02, {"de-1"}),
                             size("c", "", 1, 1024, 30, 0.03)};
  SizeContext uk;
  uk.regions = {"uk-1"};
  uk.min_disk_gb = 20;
  auto choice = choose_size("cpu>=1", regional, {}, uk);
  CHECK(choice.id == "c");
  CHECK(choice.candidates[1].reason == "its 10 GB disk is below the image's minimum of 20 GB");
  CHECK(choice.candidates[2].reason == "not offered in uk-1 (only in de-1)");
  auto exact = choose_size("b", regional, {}, uk);
  REQUIRE_FALSE(exact.ok());
  CHECK(exact.error->message == "size b cannot be used here: not offered in uk-1 (only in de-1)");
}

TEST_CASE("image: the highest matching version wins, prefix versions match") {
  std::vector<Image> images{make_image("deb11", "Debian 11", "debian", "11"), make_image("deb12", "Debian 12", "debian", "12"),
                            make_image("deb125", "Debian 12.5", "debian", "12.5"),
                            make_image("u2204", "Ubuntu 22.04", "ubuntu", "22.04"),
                            make_image("u2404", "Ubuntu 24.04", "ubuntu", "24.04"), make_image("mystery", "", "", "")};
  auto debian = choose_image("debian:12", images);
  CHECK(debian.id == "deb125");
  CHECK(debian.candidates[1].reason == "matches, but an older version: 12 < 12.5 of deb125");
  CHECK(choose_image("ubuntu:>=22.04", images).id == "u2404");
  CHECK(choose_image("ubuntu:<24", images).id == "u2204");
  CHECK(choose_image("debian:>12", images).ok() == false);
  CHECK(choose_image("os=debian", images).id == "deb125");
  CHECK(choose_image("os=debian,version<12", images).id == "deb11");
  auto fails = choose_image("ubuntu:20.04", images);
  REQUIRE_FALSE(fails.ok());
  CHECK(fails.error->message.find("  u2204 (Ubuntu 22.04): needs version=20.04, has version 22.04\n") !=
        std::string::npos);
  auto mystery = choose_image("os=alpine", images);
  CHECK(mystery.candidates.back().reason == "needs os alpine, has no known os");
  CHECK(choose_image("Debian 12", images).id == "deb12");  // a name, as list and get show it
}

TEST_CASE("region: globs over id or name, country, and context") {
  std::vector<Region> regions{make_region("uk-lon-1", "London", "GB"), make_region("uk-man-1", "Manchester", "GB"),
                              make_region("de-fra-1", "Frankfurt", "DE"), make_region("nowhere", "", "")};
  CHECK(choose_region("uk-*", regions).id == "uk-lon-1");
  CHECK(choose_region("uk-*", regions).candidates[1].reason == "matches, but uk-lon-1 sorts first");
  CHECK(choose_region("Frank*", regions).id == "de-fra-1");
  CHECK(choose_region("country=de", regions).id == "de-fra-1");
  CHECK(choose_region("country=GB,*man*", regions).id == "uk-man-1");
  RegionContext only_man;
  only_man.size_id = "m1";
  only_man.size_regions = {"uk-man-1"};
  auto chosen = choose_region("country=GB", regions, {}, only_man);
  CHECK(chosen.id == "uk-man-1");
  CHECK(chosen.candidates[1].reason == "does not offer size m1");
  CHECK(chosen.candidates[2].reason == "needs country=GB, has DE; does not offer size m1");
  CHECK(chosen.candidates[3].reason == "needs country=GB, has no known country; does not offer size m1");
  auto fr = choose_region("country=FR", regions);
  REQUIRE_FALSE(fr.ok());
  CHECK(fr.error->message.starts_with("no region matches `country=FR` among 4 regions; the nearest:\n"));
  CHECK(choose_region("London", regions).id == "uk-lon-1");
}
