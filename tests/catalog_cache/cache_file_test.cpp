// The cache file format alone (no I/O): what is written reads back equal, and every file that is not
// this provider's catalog in this version is refused with a phrase saying why.
#include "catalog/cache_file.hpp"

#include "counting_catalog_provider.hpp"

#include <doctest/doctest.h>

#include <variant>

using namespace polycloud;
using namespace polycloud::catalog_cache;

namespace {

Identity const alg{"alg", "openscaler", "0123456789abcdef"};

CachedCatalog sample() {
  return CachedCatalog{alg, std::chrono::system_clock::time_point(std::chrono::seconds(1'765'000'000)),
                       Parts{true, true, true}, test::sample_catalog()};
}

std::string refusal(std::string_view text, Identity const& expected = alg) {
  auto decoded = decode(text, expected);
  REQUIRE(std::holds_alternative<std::string>(decoded));
  return std::get<std::string>(decoded);
}

}  // namespace

TEST_CASE("a cache file reads back as the catalog written - prices, optional fields and sources included") {
  auto const written = sample();
  auto decoded = decode(encode(written), alg);
  REQUIRE(std::holds_alternative<CachedCatalog>(decoded));
  auto const& read = std::get<CachedCatalog>(decoded);
  CHECK(read.identity == alg);
  CHECK(read.written_at == written.written_at);
  CHECK(read.parts == written.parts);
  CHECK(read.catalog == written.catalog);
}

TEST_CASE("a part the provider could not list is absent from the file and reads back empty") {
  auto written = sample();
  written.parts = Parts{true, false, false};
  auto const text = encode(written);
  CHECK(text.find("\"images\"") == std::string::npos);
  auto decoded = decode(text, alg);
  REQUIRE(std::holds_alternative<CachedCatalog>(decoded));
  CHECK(std::get<CachedCatalog>(decoded).catalog.images.empty());
  CHECK(std::get<CachedCatalog>(decoded).catalog.sizes.size() == 2);
}

TEST_CASE("garbage, truncated and non-object cache files are refused") {
  CHECK(refusal("\x7f" "ELF\x01garbage").starts_with("not valid JSON"));
  auto const text = encode(sample());
  CHECK(refusal(text.substr(0, text.size() / 2)).starts_with("not valid JSON"));
  CHECK(refusal("[1, 2]") == "not a JSON object");
  CHECK(refusal("{}") == "not a polycloud catalog cache (no \"format\": \"polycloud-catalog-cache\")");
}

TEST_CASE("a cache file of another format version is refused naming both versions") {
  CHECK(refusal(R"({"format": "polycloud-catalog-cache", "version": 2})") == "format version 2, not 1");
  CHECK(refusal(R"({"format": "polycloud-catalog-cache"})") == "format version (none), not 1");
}

TEST_CASE("a cache file of another provider, type or account is refused") {
  auto const text = encode(sample());
  CHECK(refusal(text, Identity{"kat", "openscaler", alg.account}) == "written for provider \"alg\", not kat");
  CHECK(refusal(text, Identity{"alg", "katapult", alg.account}) ==
        "written for provider type \"openscaler\", not katapult");
  CHECK(refusal(text, Identity{"alg", "openscaler", "fedcba9876543210"}) == "written for another account of alg");
}

TEST_CASE("a mistyped field of one entry is refused naming its path") {
  auto text = encode(sample());
  auto const at = text.find("\"vcpus\":4");
  REQUIRE(at != std::string::npos);
  text.replace(at, 9, "\"vcpus\":\"4\"");
  CHECK(refusal(text) == "sizes[1].vcpus: expected an integer from 0");
  auto no_source = encode(sample());
  auto const source = no_source.find("\"source\":\"observed\"");
  REQUIRE(source != std::string::npos);
  no_source.replace(source, 19, "\"source\":\"rumour\"");
  CHECK(refusal(no_source) == "images[1].source: expected api, config or observed");
}
