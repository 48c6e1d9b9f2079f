#include "providers/katapult/errors.hpp"

#include "documented_errors.hpp"

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::katapult;

namespace {

std::string flat(std::string_view code, std::string_view detail = "{}") {
  return std::string(R"({"code":")") + std::string(code) + R"(","description":"described","detail":)" +
         std::string(detail) + "}";
}
std::string wrapped(std::string_view code, std::string_view detail = "{}") {
  return R"({"error":)" + flat(code, detail) + "}";
}

}  // namespace

TEST_CASE("katapult errors: every documented code gives its kind in both body shapes") {
  for (auto const& c : test::documented_errors) {
    CAPTURE(c.code);
    for (auto const& body : {flat(c.code), wrapped(c.code)}) {
      auto decoded = decode_error(c.status, body);
      CHECK(decoded.code == c.code);
      REQUIRE(decoded.kind.has_value());
      CHECK(*decoded.kind == c.kind);
      CHECK(decoded.message.find("described") == 0);
    }
  }
}

TEST_CASE("katapult errors: the detail adds scopes - the address - the limit and field errors") {
  CHECK(decode_error(403, wrapped("scope_not_granted", R"({"scopes":["virtual_machines","virtual_machines:read"]})"))
            .message == "described: scopes not granted: virtual_machines, virtual_machines:read");
  CHECK(decode_error(403, flat("unauthorized_network_for_api_token", R"({"ip_address":"203.0.113.9"})")).message ==
        "described: request came from 203.0.113.9");
  CHECK(decode_error(429, wrapped("rate_limit_reached", R"({"total_permitted":300})")).message ==
        "described: 300 requests per minute permitted");
  CHECK(decode_error(422, wrapped("validation_error", R"({"errors":["Hostname is invalid","Package is required"]})"))
            .message == "described: field errors: Hostname is invalid, Package is required");
}

TEST_CASE("katapult errors: the per-minute limit is read from detail.total_permitted") {
  CHECK(permitted_per_minute(wrapped("rate_limit_reached", R"({"total_permitted":300})")) == 300);
  CHECK(permitted_per_minute(flat("rate_limit_reached", R"({"total_permitted":60})")) == 60);
  CHECK_FALSE(permitted_per_minute(flat("rate_limit_reached", R"({"total_permitted":0})")));
  CHECK_FALSE(permitted_per_minute(flat("rate_limit_reached")));
  CHECK_FALSE(permitted_per_minute("not json"));
}

TEST_CASE("katapult errors: an unknown code leaves the kind to the status and other bodies fall back") {
  auto unknown = decode_error(418, wrapped("teapot"));
  CHECK(unknown.code == "teapot");
  CHECK_FALSE(unknown.kind.has_value());
  auto no_description = decode_error(404, R"({"code":"virtual_machine_not_found"})");
  CHECK(no_description.message == "virtual_machine_not_found");
  auto html = decode_error(502, "<html><body>Bad Gateway</body></html>");
  CHECK(html.code.empty());
  CHECK(html.message.find("Bad Gateway") != std::string::npos);
}

TEST_CASE("katapult errors: route_not_found is a config error about the endpoint - never not_found") {
  // A wrong endpoint path (say /core/v2) answers every request so; as not_found it read as "the VM is
  // gone", and a wait for terminated succeeded against any endpoint.
  auto decoded = decode_error(404, wrapped("route_not_found"));
  CHECK(decoded.code == "route_not_found");
  REQUIRE(decoded.kind.has_value());
  CHECK(*decoded.kind == ErrorKind::config);
  CHECK(decoded.message.find("endpoint") != std::string::npos);
  CHECK_FALSE(kind_for_code("route_not_found").has_value());  // the table holds the documented codes only
}
