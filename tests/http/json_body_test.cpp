#include "http/client.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::http;

namespace {
Response response_with(std::string content_type, std::string body) {
  Response response;
  response.status = 200;
  if (!content_type.empty()) response.headers.push_back({"Content-Type", std::move(content_type)});
  response.body = std::move(body);
  return response;
}

void check_protocol_error(Result<boost::json::value> const& parsed, std::string_view cause) {
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().kind == ErrorKind::protocol);
  CHECK(parsed.error().provider == "alg");
  CHECK(parsed.error().operation == "list");
  CHECK(parsed.error().http_status == 200);
  INFO(parsed.error().message);
  CHECK(parsed.error().message.find(cause) != std::string::npos);
}
}  // namespace

TEST_CASE("parse_json_body accepts application/json and +json media types") {
  CHECK(parse_json_body(response_with("application/json", R"({"a":1})"), "alg", "list").has_value());
  CHECK(parse_json_body(response_with("Application/JSON; charset=utf-8", "[]"), "alg", "list").has_value());
  CHECK(parse_json_body(response_with("application/problem+json", "{}"), "alg", "list").has_value());
}

TEST_CASE("parse_json_body: wrong or missing content type - invalid JSON and excess depth are protocol errors") {
  check_protocol_error(parse_json_body(response_with("text/html", "<html>"), "alg", "list"), "Content-Type is 'text/html'");
  check_protocol_error(parse_json_body(response_with("", "{}"), "alg", "list"), "no Content-Type");
  check_protocol_error(parse_json_body(response_with("application/json", R"({"a":)"), "alg", "list"), "invalid JSON");
  check_protocol_error(parse_json_body(response_with("application/json", std::string(65, '[') + std::string(65, ']')),
                                       "alg", "list"),
                       "deeper than the limit of 64");
  CHECK(parse_json_body(response_with("application/json", std::string(64, '[') + std::string(64, ']')), "alg", "list")
            .has_value());
}

TEST_CASE("find_header is case-insensitive and to_string names methods") {
  Headers const headers{{"X-RateLimit-Remaining", "3"}};
  CHECK(find_header(headers, "x-ratelimit-remaining") == "3");
  CHECK(find_header(headers, "Retry-After").empty());
  CHECK(to_string(Method::delete_) == "DELETE");
}
