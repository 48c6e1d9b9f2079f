#include "providers/common/error_mapping.hpp"

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
std::string_view const type_name = "openscaler";
std::string error_message_from_body(std::string_view body) { return decode_generic_error(500, body).message; }
}  // namespace

TEST_CASE("toolkit errors: the message comes from a message, detail or error field, or the text") {
  CHECK(error_message_from_body(R"({"message":"VM 9 not found"})") == "VM 9 not found");
  CHECK(error_message_from_body(R"({"detail":"Not authenticated"})") == "Not authenticated");
  CHECK(error_message_from_body(R"({"error":"bad size"})") == "bad size");
  CHECK(error_message_from_body(R"({"error":{"message":"nested","code":7}})") == "nested");
  CHECK(error_message_from_body(R"({"detail":[{"loc":["body","size"],"msg":"field required"}]})") ==
        R"([{"loc":["body","size"],"msg":"field required"}])");
  CHECK(error_message_from_body(R"("just a JSON string")") == "just a JSON string");
  CHECK(error_message_from_body("Internal Server Error\n") == "Internal Server Error");
  CHECK(error_message_from_body("<html>\n  <body>\n    <h1>502 Bad Gateway</h1>\n</body></html>") ==
        "<html> <body> <h1>502 Bad Gateway</h1> </body></html>");
  CHECK(error_message_from_body(R"({"status":"failed"})") == R"({"status":"failed"})");
  CHECK(error_message_from_body("").empty());
  CHECK(error_message_from_body(std::string(5000, 'x')).size() < 600);
}

TEST_CASE("toolkit errors: the status picks the kind and is always reported") {
  struct Case {
    int status;
    char const* operation;
    ErrorKind kind;
  };
  for (auto const& expected : {Case{400, "create", ErrorKind::invalid_argument},
                                          Case{401, "list", ErrorKind::unauthenticated},
                                          Case{403, "get", ErrorKind::permission_denied},
                                          Case{404, "get", ErrorKind::not_found},
                                          Case{408, "stop", ErrorKind::timeout},
                                          Case{409, "start", ErrorKind::conflict},
                                          Case{429, "list", ErrorKind::rate_limited},
                                          Case{500, "create", ErrorKind::provider_internal},
                                          Case{503, "list", ErrorKind::unavailable}}) {
    CAPTURE(expected.status);
    auto error = error_from_status(expected.status, "", CallSite{"alg", type_name, expected.operation});
    CHECK(error.kind == expected.kind);
    CHECK(error.http_status == expected.status);
    CHECK(error.provider == "alg");
    CHECK(error.operation == expected.operation);
    // An empty body still says why.
    CHECK(error.message.find("HTTP " + std::to_string(expected.status)) != std::string::npos);
  }
}

TEST_CASE("toolkit errors: a response keeps attempts, request id, Retry-After and the retry note") {
  http::Response response;
  response.status = 503;
  response.body = "busy";
  response.attempts = 3;
  response.headers = {{"x-request-id", "req-7"}, {"Retry-After", "12"}};
  response.retry_after = std::chrono::seconds{12};  // the transport parses the header once
  response.retry_note = "retry policy exhausted";
  auto error = error_from_response(response, CallSite{"alg", type_name, "list"});
  CHECK(error.kind == ErrorKind::unavailable);
  CHECK(error.attempts == 3);
  CHECK(error.request_id == "req-7");
  REQUIRE(error.retry_after);
  CHECK(error.retry_after->count() == 12);
  CHECK(error.message == "busy (retry policy exhausted)");
  CHECK(error.to_string() == "alg: list: unavailable: busy (retry policy exhausted) "
                             "(HTTP 503, request req-7, retry after 12s, 3 attempts)");
}

TEST_CASE("toolkit errors: a credential echoed by the server never reaches the message") {
  Secret token("s3cr3t-token");
  CallSite site{"alg", type_name, "list", &token};
  auto error = error_from_status(401, R"({"detail":"token s3cr3t-token is invalid; s3cr3t-token"})", site);
  CHECK(error.kind == ErrorKind::unauthenticated);
  CHECK(error.message == "token REDACTED is invalid; REDACTED");
  auto transport = attribute(make_error(ErrorKind::transport, "reset while sending s3cr3t-token"), site);
  CHECK(transport.message == "reset while sending REDACTED");
  CHECK(transport.provider == "alg");
  CHECK(transport.operation == "list");
  CHECK(protocol_error(site, "x s3cr3t-token").message == "x REDACTED");
}

namespace {
DecodedError coded_decoder(int status, std::string_view) {
  DecodedError decoded;
  decoded.message = "organization not found";
  decoded.code = "organization_not_found";
  if (status == 400) decoded.kind = ErrorKind::not_found;
  decoded.request_id = "body-req";
  return decoded;
}
}  // namespace

TEST_CASE("toolkit errors: an adapter's decoder sets the code and can override the status's kind") {
  http::Response response;
  response.status = 400;
  response.headers = {{"X-Request-Id", "header-req"}};
  auto error = error_from_response(response, CallSite{"kat", "katapult", "list"}, coded_decoder);
  CHECK(error.kind == ErrorKind::not_found);
  CHECK(error.provider_code == "organization_not_found");
  CHECK(error.request_id == "body-req");  // the body's id wins over the header's
  response.status = 404;
  CHECK(error_from_response(response, CallSite{"kat", "katapult", "list"}, coded_decoder).kind == ErrorKind::not_found);
}

// Found by fuzz_katapult_mapping: a code holding the credential ({"code": "missing<token>_api_token"})
// was printed as "code …" unscrubbed.
TEST_CASE("toolkit errors: a credential inside the error code never reaches the printed error") {
  Secret token("tok3n-Secret");
  CallSite site{"kat", "katapult", "list", &token};
  auto error = error_from_status(400, "", site, [](int, std::string_view) {
    DecodedError decoded;
    decoded.message = "refused";
    decoded.code = "missintok3n-Secretg_api_token";
    return decoded;
  });
  CHECK(error.provider_code == "missinREDACTEDg_api_token");
  CHECK(error.to_string().find("tok3n-Secret") == std::string::npos);
}

TEST_CASE("toolkit errors: one_line never cuts a UTF-8 character") {
  std::string text(499, 'a');
  text += "é";  // two bytes straddling the 500-byte bound
  text += std::string(100, 'b');
  auto line = one_line(text);
  CHECK(line == std::string(499, 'a') + "…");
}

TEST_CASE("toolkit errors: percent-encoded and HTML-escaped echoes of the credential are scrubbed") {
  Secret token("s3cr3t/t<k>n&1");
  CallSite site{"alg", "openscaler", "get", &token};
  auto error = protocol_error(site, "a s3cr3t%2Ft%3Ck%3En%261 b s3cr3t/t&lt;k&gt;n&amp;1 c s3cr3t/t<k>n&1");
  CHECK(error.message == "a REDACTED b REDACTED c REDACTED");
}
