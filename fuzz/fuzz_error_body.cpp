// Error answers: the generic and ByCloud's body decoders, error_from_status and error_from_response on arbitrary statuses, bodies and
// echoed headers. The Error must name the provider and never carry the credential, whatever the
// server sends back (the body may hold the token, raw or encoded).
#include "fuzz/chunked_input.hpp"
#include "fuzz/error_checks.hpp"
#include "providers/bycloud/errors.hpp"
#include "providers/common/error_mapping.hpp"

#include <string>

using polycloud::fuzz::expect_clean;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const input = polycloud::fuzz::chunked(data, size);
  int const status = 400 + input.flags % 200;  // 4xx and 5xx, where error bodies are read
  polycloud::providers::CallSite const site{polycloud::fuzz::fuzz_provider, "openscaler", "get", &polycloud::fuzz::fuzz_token()};

  (void)polycloud::providers::decode_generic_error(status, input.body);
  expect_clean(polycloud::providers::error_from_status(status, input.body, site));
  // ByCloud's own decoder ({"error": {"code", "message", "details", "request_id"}}).
  expect_clean(polycloud::providers::error_from_status(status, input.body, site, polycloud::bycloud::decode_error));

  // The first line of the body doubles as echoed header values (a server may echo the token).
  auto const line_end = input.body.find('\n');
  std::string const echoed{input.body.substr(0, line_end)};
  polycloud::http::Response response;
  response.status = status;
  response.body = std::string{input.body};
  response.headers = {{"X-Request-Id", echoed}, {"Retry-After", echoed}, {"Content-Type", echoed}};
  response.attempts = 1 + input.flags % 3;
  expect_clean(polycloud::providers::error_from_response(response, site));
  expect_clean(polycloud::providers::error_from_response(response, site, polycloud::bycloud::decode_error));
  return 0;
}
