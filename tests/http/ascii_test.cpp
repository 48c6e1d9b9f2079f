// The ASCII case folding the transport uses for header names, media types, schemes and hosts: equal to
// what Boost's locale-based algorithms gave in the C locale, without a facet lookup per character.
#include "http/ascii.hpp"
#include "http/client.hpp"
#include "http/media_type.hpp"
#include "http/origin.hpp"

#include <boost/url/parse.hpp>

#include <doctest/doctest.h>

using namespace polycloud::http;

TEST_CASE("ascii: case-insensitive equality, lowering and trimming touch ASCII only") {
  CHECK(ascii_iequals("X-RateLimit-Limit", "x-ratelimit-limit"));
  CHECK_FALSE(ascii_iequals("X-RateLimit-Limit", "X-RateLimit-Limi"));
  CHECK_FALSE(ascii_iequals("\xc3\x89", "\xc3\xa9"));  // É and é: not ASCII, compared as bytes
  CHECK(ascii_lower_copy("Application/JSON;\xc3\x89") == "application/json;\xc3\x89");
  CHECK(trim_ascii_space(" \t application/json \r\n") == "application/json");
  CHECK(trim_ascii_space(" \t ").empty());
}

TEST_CASE("ascii: header lookup, media types and origins fold case as before") {
  Headers const headers{{"content-type", "Application/JSON ; charset=utf-8"}, {"X-Request-Id", "r1"}};
  CHECK(find_header(headers, "Content-Type") == "Application/JSON ; charset=utf-8");
  CHECK(find_header(headers, "x-request-id") == "r1");
  CHECK(find_header(headers, "X-Request").empty());
  CHECK(media_type(find_header(headers, "CONTENT-TYPE")) == "application/json");
  auto origin = origin_of(boost::urls::parse_absolute_uri("HTTPS://API.Example.COM:8443/v1").value());
  REQUIRE(origin.has_value());
  CHECK(origin->scheme == "https");
  CHECK(origin->host == "api.example.com");
}
