#include "providers/katapult/errors.hpp"

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
  struct Case {
    char const* code;
    int status;
    ErrorKind kind;
  };
  // From api-facts.md; the statuses are the documented ones, except missing_api_token's 400 (the service's).
  Case const cases[] = {
      {"missing_api_token", 400, ErrorKind::unauthenticated},
      {"invalid_api_token", 403, ErrorKind::unauthenticated},
      {"unauthorized_network_for_api_token", 403, ErrorKind::permission_denied},
      {"invalid_capabilities_token", 403, ErrorKind::unauthenticated},
      {"scope_not_granted", 403, ErrorKind::permission_denied},
      {"organization_suspended", 403, ErrorKind::permission_denied},
      {"organization_not_activated", 403, ErrorKind::permission_denied},
      {"permission_denied", 403, ErrorKind::permission_denied},
      {"organization_not_found", 404, ErrorKind::not_found},
      {"virtual_machine_not_found", 404, ErrorKind::not_found},
      {"build_not_found", 404, ErrorKind::not_found},
      {"task_not_found", 404, ErrorKind::not_found},
      {"object_in_trash", 406, ErrorKind::conflict},
      {"task_queueing_error", 406, ErrorKind::unavailable},
      {"deletion_restricted", 409, ErrorKind::conflict},
      {"validation_error", 422, ErrorKind::invalid_argument},
      {"invalid_argument", 400, ErrorKind::invalid_argument},
      {"missing_required_argument", 400, ErrorKind::invalid_argument},
      {"invalid_json_body", 400, ErrorKind::invalid_argument},
      {"rate_limit_reached", 429, ErrorKind::rate_limited},
      {"service_unavailable", 503, ErrorKind::unavailable},
  };
  for (auto const& c : cases) {
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
