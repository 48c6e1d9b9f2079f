// The toolkit's request building: query parameters leave strictly percent-encoded.
#include "providers/common/requests.hpp"

#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

#include <string>

using polycloud::providers::append_query_param;

TEST_CASE("append_query_param encodes Rails brackets and every reserved character") {
  boost::urls::url url(boost::urls::parse_absolute_uri("https://api.example/v1/things").value());
  append_query_param(url, "organization[id]", "a b+c&d=e");
  append_query_param(url, "annotations[][value]", "zo\xC3\xAB/?#%");
  CHECK(std::string(url.encoded_query()) ==
        "organization%5Bid%5D=a%20b%2Bc%26d%3De&annotations%5B%5D%5Bvalue%5D=zo%C3%AB%2F%3F%23%25");
  // A strict server parses it (raw brackets are not a valid query) and decodes the values back.
  std::string const target(url.encoded_target());
  auto const reparsed = boost::urls::parse_origin_form(target);
  REQUIRE(reparsed);
  auto params = reparsed->params();
  REQUIRE(params.size() == 2);
  CHECK((*params.begin()).key == "organization[id]");
  CHECK((*params.begin()).value == "a b+c&d=e");
  CHECK((*std::next(params.begin())).value == "zo\xC3\xAB/?#%");
}

TEST_CASE("append_query_param leaves unreserved characters as they are") {
  boost::urls::url url(boost::urls::parse_absolute_uri("https://api.example/v1").value());
  append_query_param(url, "per_page", "200");
  append_query_param(url, "name", "web-1.example_A~");
  CHECK(std::string(url.encoded_query()) == "per_page=200&name=web-1.example_A~");
}
