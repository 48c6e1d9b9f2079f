// Reading the organization's SSH key list and the add's answer (katapult-api.md §5), and the requests.
#include "providers/katapult/ssh_keys.hpp"

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;
namespace json = boost::json;

namespace {
providers::CallSite const site{"kat", "katapult", "create"};
}  // namespace

TEST_CASE("katapult org keys: pages end at total_pages - or in a large set at a short page") {
  auto page = read_ssh_keys_page(json::parse(R"({"pagination":{"current_page":1,"total_pages":2,"total":3,"per_page":2,
      "large_set":false},"ssh_keys":[{"id":"key_1","name":"a","fingerprint":"SHA256:x me"},{"id":"key_2","name":"b",
      "fingerprint":"aa:bb"}]})"),
                                 2, site);
  REQUIRE(page.has_value());
  CHECK_FALSE(page->last);
  REQUIRE(page->keys.size() == 2);
  CHECK(page->keys[0].id == "key_1");
  CHECK(page->keys[0].fingerprint == "SHA256:x me");
  page = read_ssh_keys_page(json::parse(R"({"pagination":{"current_page":2,"total_pages":2},"ssh_keys":[]})"), 2, site);
  CHECK(page.value().last);
  // Totals null (large_set): a full page may have more after it, a short one does not.
  auto const full = json::parse(R"({"pagination":{"current_page":1,"total_pages":null,"total":null,"large_set":true},
      "ssh_keys":[{"id":"key_1"},{"id":"key_2"}]})");
  CHECK_FALSE(read_ssh_keys_page(full, 2, site).value().last);
  CHECK(read_ssh_keys_page(full, 3, site).value().last);
  // No pagination object: this page is all there is.
  CHECK(read_ssh_keys_page(json::parse(R"({"ssh_keys":[]})"), 200, site).value().last);
}

TEST_CASE("katapult org keys: what cannot be read is a protocol error naming the field") {
  for (char const* bad : {R"({})", R"({"ssh_keys":{}})", R"({"ssh_keys":[1]})", R"({"ssh_keys":[{"name":"no id"}]})",
                          R"({"ssh_keys":[{"id":7}]})", R"({"ssh_keys":[],"pagination":{"total_pages":"x"}})"}) {
    CAPTURE(bad);
    auto const page = read_ssh_keys_page(json::parse(bad), 200, site);
    REQUIRE_FALSE(page.has_value());
    CHECK(page.error().kind == ErrorKind::protocol);
  }
  CHECK(read_added_ssh_key(json::parse(R"({"ssh_key":{"id":"key_9","name":"n","fingerprint":"f"}})"), site).value() ==
        "key_9");
  CHECK_FALSE(read_added_ssh_key(json::parse(R"({"ssh_key":{"name":"n"}})"), site).has_value());
  CHECK_FALSE(read_added_ssh_key(json::parse(R"({"key":{}})"), site).has_value());
}

TEST_CASE("katapult org keys: the list and add requests as documented") {
  boost::urls::url const endpoint("https://api.katapult.io/core/v1");
  CHECK(ssh_keys_url(endpoint, Organization{"sub_domain", "acme"}, 2, 200).buffer() ==
        "https://api.katapult.io/core/v1/organizations/_/ssh_keys?organization%5Bsub_domain%5D=acme&page=2&per_page=200");
  CHECK(add_ssh_key_url(endpoint).buffer() == "https://api.katapult.io/core/v1/organizations/_/ssh_keys");
  CHECK(add_ssh_key_body(Organization{"id", "org_1"}, "polycloud-x", "ssh-ed25519 AAAA c") ==
        R"({"organization":{"id":"org_1"},"ssh_key":{"name":"polycloud-x","key":"ssh-ed25519 AAAA c"}})");
}
