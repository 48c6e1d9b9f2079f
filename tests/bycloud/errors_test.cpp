// ByCloud's error body → Error: message with details, code, request id; other bodies fall back.
#include "providers/bycloud/errors.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::bycloud;

TEST_CASE("bycloud error body: message, details, code and request id") {
  auto decoded = decode_error(
      409, R"({"error":{"code":409,"message":"Conflict","details":"Cannot 'reboot SOFT' instance while it is in status SHUTOFF","request_id":"req-42"}})");
  CHECK(decoded.message == "Conflict: Cannot 'reboot SOFT' instance while it is in status SHUTOFF");
  CHECK(decoded.code == "409");
  CHECK(decoded.request_id == "req-42");
  CHECK(!decoded.kind);  // the status says it
}

TEST_CASE("bycloud error body: without details or request id") {
  auto decoded = decode_error(404, R"({"error":{"code":404,"message":"Instance x could not be found"}})");
  CHECK(decoded.message == "Instance x could not be found");
  CHECK(decoded.request_id.empty());
}

TEST_CASE("bycloud error body: a proxy page falls back to the generic decoder") {
  auto decoded = decode_error(502, "<html><body>Bad   gateway</body></html>");
  CHECK(!decoded.message.empty());
  CHECK(decoded.request_id.empty());
}

TEST_CASE("bycloud error response: kind from the status - request id and attempts kept") {
  Secret secret("tok-secret");
  providers::CallSite const site{"spo", "bycloud", "reboot", &secret};
  http::Response response;
  response.status = 409;
  response.attempts = 1;
  response.body = R"({"error":{"code":409,"message":"Conflict","details":"tok-secret echoed","request_id":"req-9"}})";
  auto error = providers::error_from_response(response, site, decode_error);
  CHECK(error.kind == ErrorKind::conflict);
  CHECK(error.request_id == "req-9");
  CHECK(error.http_status == 409);
  CHECK(error.provider == "spo");
  CHECK(error.operation == "reboot");
  CHECK(error.message.find("tok-secret") == std::string::npos);
  CHECK(error.to_string().find("req-9") != std::string::npos);
}
