// The toolkit's request building: path segments and query parameters leave strictly percent-encoded.
#include "providers/common/requests.hpp"

#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

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

// Issue 22, defect 12: Boost.URL's segments().push_back left `;` raw, so the id `..;` made
// /v1/vms/..;/actions, which Tomcat-style servers read as /v1/vms/../actions.
TEST_CASE("resource_url percent-encodes every character outside the unreserved set in each segment") {
  using polycloud::providers::resource_url;
  auto const endpoint = boost::urls::parse_absolute_uri("https://api.example/api/").value();
  CHECK(std::string(resource_url(endpoint, {"v1", "vms", "..;", "actions"}).encoded_path()) ==
        "/api/v1/vms/..%3B/actions");
  CHECK(std::string(resource_url(endpoint, {"v1", "vms", "a/b?c#d;e=f,g:h@i!$&'()*+ %"}).encoded_path()) ==
        "/api/v1/vms/a%2Fb%3Fc%23d%3Be%3Df%2Cg%3Ah%40i%21%24%26%27%28%29%2A%2B%20%25");
  CHECK(std::string(resource_url(endpoint, {"v1", "vms", "web-1.example_A~"}).encoded_path()) ==
        "/api/v1/vms/web-1.example_A~");
  // The encoded path still has exactly the segments given, each decoding back to its id.
  auto url = resource_url(endpoint, {"v1", "vms", "..;", "x"});
  std::vector<std::string> segments;
  for (auto const segment : url.segments()) segments.emplace_back(segment);
  CHECK(segments == std::vector<std::string>{"api", "v1", "vms", "..;", "x"});
}
