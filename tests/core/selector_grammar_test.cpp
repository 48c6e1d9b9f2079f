// The selector grammar of docs/provisioning.md: what parses to what, and every mistake's caret.
#include <polycloud/selector.hpp>

#include <doctest/doctest.h>

using namespace polycloud;

namespace {
std::string mistake(Result<SizeSelector> const& parsed) {
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().kind == ErrorKind::config);
  return parsed.error().message;
}
std::string mistake(Result<ImageSelector> const& parsed) {
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().kind == ErrorKind::config);
  return parsed.error().message;
}
std::string mistake(Result<RegionSelector> const& parsed) {
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().kind == ErrorKind::config);
  return parsed.error().message;
}
using SF = SizeRequirement::Field;
}  // namespace

TEST_CASE("size selector: terms in canonical units") {
  auto parsed = parse_size_selector("cpu>=2,mem>=4GiB,disk>=40,price<=0.05");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->terms.size() == 4);
  CHECK(parsed->terms[0] == SizeRequirement{SF::cpu, Comparison::greater_equal, 2, "cpu>=2"});
  CHECK(parsed->terms[1] == SizeRequirement{SF::mem, Comparison::greater_equal, 4096, "mem>=4GiB"});
  CHECK(parsed->terms[2] == SizeRequirement{SF::disk, Comparison::greater_equal, 40, "disk>=40"});
  CHECK(parsed->terms[3] == SizeRequirement{SF::price, Comparison::less_equal, 0.05, "price<=0.05"});
}

TEST_CASE("size selector: every comparison, MiB, GB on disk, fractions and spaces") {
  auto parsed = parse_size_selector(" cpu = 4 , mem<1536MiB, mem>0.5GiB,disk>20GB, price<1");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->terms.size() == 5);
  CHECK(parsed->terms[0].comparison == Comparison::equal);
  CHECK(parsed->terms[0].text == "cpu = 4");
  CHECK(parsed->terms[1] == SizeRequirement{SF::mem, Comparison::less, 1536, "mem<1536MiB"});
  CHECK(parsed->terms[2] == SizeRequirement{SF::mem, Comparison::greater, 512, "mem>0.5GiB"});
  CHECK(parsed->terms[3] == SizeRequirement{SF::disk, Comparison::greater, 20, "disk>20GB"});
  CHECK(parsed->terms[4] == SizeRequirement{SF::price, Comparison::less, 1, "price<1"});
}

TEST_CASE("size selector: a mistake names its column with a caret under it") {
  CHECK(mistake(parse_size_selector("cpu>=2,mem>=4")) ==
        "size selector: memory needs a unit: MiB or GiB at column 14:\n  cpu>=2,mem>=4\n               ^");
  CHECK(mistake(parse_size_selector("cpu>=2,mem>=4GB")) ==
        "size selector: unknown memory unit `GB` (expected MiB or GiB) at column 14:\n  cpu>=2,mem>=4GB\n"
        "               ^");
  CHECK(mistake(parse_size_selector("cpus>=2")) ==
        "size selector: unknown requirement `cpus` (did you mean `cpu`?) (expected cpu, mem, disk or price) at "
        "column 1:\n  cpus>=2\n  ^");
  CHECK(mistake(parse_size_selector("cpu 2")).find("expected one of >=, <=, >, <, = after cpu at column 5:") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=")).find("expected a number after cpu>= at column 6:") != std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=-1")).find("at column 6:") != std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=1.5")).find("cpu takes a whole number of vCPUs at column 6") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=2x")).find("cpu takes a count of vCPUs, with no unit at column 7") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector("disk>=40TB")).find("unknown disk unit `TB`") != std::string::npos);
  CHECK(mistake(parse_size_selector("price<=0.05EUR")).find("price takes an amount per hour") != std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=2,")).find("expected another requirement after `,` at column 8") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=2 mem>=4GiB")).find("expected `,` or the end at column 8") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector(",cpu>=2")).find("expected a requirement: cpu, mem, disk or price at column 1") !=
        std::string::npos);
  CHECK(mistake(parse_size_selector("")).find("expected a requirement at column 1") != std::string::npos);
  CHECK(mistake(parse_size_selector("cpu>=2.")).find("at column 6") != std::string::npos);
}

TEST_CASE("selector caret counts characters, not bytes, before the mistake") {
  // "é" is two bytes but one column: the caret stays under the bad code.
  auto const message = mistake(parse_region_selector("é,country=GBR"));
  CHECK(message.find("at column 11:\n  é,country=GBR\n            ^") != std::string::npos);
  CHECK(mistake(parse_image_selector("os=debian,version>=x")).find("at column 20:") != std::string::npos);
}

TEST_CASE("image selector: os:version, os:comparison version, os= and version terms") {
  using IF = ImageRequirement::Field;
  auto debian = parse_image_selector("debian:12");
  REQUIRE(debian.has_value());
  CHECK(debian->terms == std::vector<ImageRequirement>{{IF::os, Comparison::equal, "debian", "debian"},
                                                       {IF::version, Comparison::equal, "12", "debian:12"}});
  auto ubuntu = parse_image_selector("Ubuntu:>=22.04");
  REQUIRE(ubuntu.has_value());
  CHECK(ubuntu->terms == std::vector<ImageRequirement>{{IF::os, Comparison::equal, "ubuntu", "Ubuntu"},
                                                       {IF::version, Comparison::greater_equal, "22.04", "Ubuntu:>=22.04"}});
  auto os = parse_image_selector("os=Debian, version<13");
  REQUIRE(os.has_value());
  CHECK(os->terms == std::vector<ImageRequirement>{{IF::os, Comparison::equal, "debian", "os=Debian"},
                                                   {IF::version, Comparison::less, "13", "version<13"}});
}

TEST_CASE("image selector: mistakes with their caret") {
  CHECK(mistake(parse_image_selector("debian:")) ==
        "image selector: expected a version such as 12 or 22.04 at column 8:\n  debian:\n         ^");
  CHECK(mistake(parse_image_selector("debian:twelve")).find("expected a version such as 12 or 22.04 at column 8") !=
        std::string::npos);
  CHECK(mistake(parse_image_selector("debian:12.")).find("at column 8") != std::string::npos);
  CHECK(mistake(parse_image_selector("os=")).find("expected an operating system after os= (debian, ubuntu…) at column 4") !=
        std::string::npos);
  CHECK(mistake(parse_image_selector("version 12")).find("expected one of >=, <=, >, <, = after version at column 9") !=
        std::string::npos);
  CHECK(mistake(parse_image_selector("debian=12")).find("expected `:` and a version after `debian` (debian:12), or "
                                                        "os=NAME, or version>=N at column 7") != std::string::npos);
  CHECK(mistake(parse_image_selector("debian:12;")).find("expected `,` or the end at column 10") != std::string::npos);
}

TEST_CASE("region selector: globs and country") {
  using RF = RegionRequirement::Field;
  auto parsed = parse_region_selector("uk-*, country=gb");
  REQUIRE(parsed.has_value());
  CHECK(parsed->terms == std::vector<RegionRequirement>{{RF::glob, "uk-*", "uk-*"}, {RF::country, "GB", "country=gb"}});
  CHECK(mistake(parse_region_selector("country=GBR")) ==
        "region selector: country takes a two-letter ISO 3166 code (GB, DE) at column 9:\n  country=GBR\n          ^");
  CHECK(mistake(parse_region_selector("contry=GB")).find("unknown region requirement `contry` (did you mean `country`?)") !=
        std::string::npos);
  CHECK(mistake(parse_region_selector("uk-*,,")).find("expected a region glob (uk-*) or country=CODE at column 6") !=
        std::string::npos);
}

TEST_CASE("is_selector tells a requirement from a name") {
  CHECK(is_selector(CatalogPart::size, "cpu>=2"));
  CHECK(is_selector(CatalogPart::size, "cpu=2"));
  CHECK_FALSE(is_selector(CatalogPart::size, "Rock-3"));
  CHECK_FALSE(is_selector(CatalogPart::size, "m1.small"));
  CHECK(is_selector(CatalogPart::image, "debian:12"));
  CHECK_FALSE(is_selector(CatalogPart::image, "debian-12"));
  CHECK(is_selector(CatalogPart::region, "uk-*"));
  CHECK(is_selector(CatalogPart::region, "country=GB"));
  CHECK_FALSE(is_selector(CatalogPart::region, "uk-lon-1"));
}

TEST_CASE("check_selector reports a part's mistake without its result") {
  CHECK(check_selector(CatalogPart::size, "cpu>=2,mem>=4GiB").has_value());
  auto const bad = check_selector(CatalogPart::size, "cpu>=2,mem>=4");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("memory needs a unit") != std::string::npos);
  CHECK_FALSE(check_selector(CatalogPart::image, "debian:").has_value());
  CHECK(check_selector(CatalogPart::region, "country=GB").has_value());
}
