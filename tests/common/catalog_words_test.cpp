// The one rule that turns a provider's words into Image::os and Image::version, on every provider's
// own examples (katapult-api.md, api-facts.md, the OpenScaler seed's distro).
#include "providers/common/catalog_words.hpp"
#include "providers/common/list_stream.hpp"

#include "tests/common/toolkit_test_support.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
Image described(std::string_view os_name, std::string_view words, std::string_view fallback = {}) {
  Image image;
  describe_image(image, os_name, words, fallback);
  return image;
}
}  // namespace

TEST_CASE("catalog words: os is the first word, lower-case, version the first dotted number") {
  CHECK(os_family("Ubuntu") == "ubuntu");
  CHECK(os_family("Rocky Linux") == "rocky");
  CHECK(os_family("debian-13") == "debian");
  CHECK(os_family("") == "");
  CHECK(os_family("2022") == "");
  CHECK(dotted_version("ubuntu-22-04") == "22.04");
  CHECK(dotted_version("Debian 12 (bookworm)") == "12");
  CHECK(dotted_version("ubuntu-24.04") == "24.04");
  CHECK(dotted_version("Windows Server 2022 Datacenter") == "2022");
  CHECK(dotted_version("rocky_9_3") == "9.3");
  CHECK(dotted_version("no digits") == "");
  CHECK(dotted_version("v12.") == "12");
}

TEST_CASE("catalog words: each provider's words become os and version") {
  auto katapult = described("Ubuntu", "templates/ubuntu-22-04", "Ubuntu 22.04");
  CHECK(katapult.os == "ubuntu");
  CHECK(katapult.version == "22.04");
  auto no_os = described("", "templates/debian-12");
  CHECK(no_os.os == "debian");
  CHECK(no_os.version == "12");
  auto no_digit = described("Debian", "templates/debian-latest", "Debian 12");
  CHECK(no_digit.version == "12");  // from the name when the permalink has none
  auto bycloud = described("", "Ubuntu 22.04 LTS");
  CHECK(bycloud.os == "ubuntu");
  CHECK(bycloud.version == "22.04");
  auto openscaler = described("", "debian-13");
  CHECK(openscaler.os == "debian");
  CHECK(openscaler.version == "13");
}

TEST_CASE("catalog words: prices per hour from a month, memory without wrapping") {
  auto const monthly = monthly_price(73, "EUR", CatalogSource::config);
  CHECK(monthly.period == Price::Period::month);
  CHECK(monthly.currency == "EUR");
  CHECK(hourly_price(73 / hours_per_month, "", CatalogSource::observed).amount == doctest::Approx(0.1));
  CHECK(gib_to_mib(3) == 3072);
  CHECK(gib_to_mib(std::numeric_limits<std::int64_t>::max()) == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("catalog words: a bare array and the wrapped form are both read when the layout allows") {
  struct Ids final : BasicItemMapping<Size> {
    void begin(Size&) override {}
    void scalar(JsonPath const& path, JsonScalar const& value, Size& size, ItemProblems& problems) override {
      if (path.is({"id"})) problems.assign_string(path, value, size.id);
    }
    void end(Size&, ItemProblems&) override {}
  } mapping;
  CallSite const sizes_site{"p", "t", "catalog sizes", nullptr};
  BodyLayout const either{{"flavors"}, false, true};
  for (auto const* page : {R"([{"id":"a"},{"id":"b"}])", R"({"flavors":[{"id":"a"},{"id":"b"}]})"}) {
    CAPTURE(page);
    auto sizes = map_all(page, either, mapping, sizes_site);
    REQUIRE(sizes);
    CHECK(sizes->size() == 2);
  }
  auto strict = map_all(R"([{"id":"a"}])", BodyLayout{{"flavors"}}, mapping, sizes_site);
  REQUIRE_FALSE(strict);  // without or_bare_array a bare array is not the items
  CHECK(strict.error().message.find("expected an object with a \"flavors\" array") != std::string::npos);
}
