#include "providers/common/error_envelope.hpp"

#include "toolkit_test_support.hpp"

#include <doctest/doctest.h>

#include <array>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
constexpr std::array<CodeKind, 2> codes{{{"vm_gone", ErrorKind::not_found}, {"slow_down", ErrorKind::rate_limited}}};
constexpr ErrorEnvelope wrapped{.details = "details", .request_id = "request_id", .kinds = codes};
}  // namespace

TEST_CASE("toolkit error envelope: message, details, code and request id come from where the envelope says") {
  auto decoded = decode_envelope(
      wrapped, 404, R"({"error":{"code":"vm_gone","message":"no VM","details":"id 9","request_id":"r-7"}})");
  CHECK(decoded.message == "no VM: id 9");
  CHECK(decoded.code == "vm_gone");  // the provider's code is kept
  CHECK(decoded.kind == ErrorKind::not_found);
  CHECK(decoded.request_id == "r-7");
  // A code not in the table leaves the kind to the status.
  auto unknown = decode_envelope(wrapped, 400, R"({"error":{"code":"odd","message":"m"}})");
  CHECK(unknown.code == "odd");
  CHECK_FALSE(unknown.kind.has_value());
}

TEST_CASE("toolkit error envelope: a bare object, integer fields and a message falling back to the code") {
  constexpr ErrorEnvelope bare{.bare_with_code = true, .message = "description", .message_falls_back_to_code = true};
  auto decoded = decode_envelope(bare, 429, R"({"code":"slow_down"})");
  CHECK(decoded.message == "slow_down");
  CHECK(decoded.code == "slow_down");
  CHECK(envelope_object(bare, R"({"code":"x","detail":{"a":1}})")->contains("detail"));
  constexpr ErrorEnvelope numeric{.integers_as_text = true};
  CHECK(decode_envelope(numeric, 404, R"({"error":{"code":404,"message":"gone"}})").code == "404");
  CHECK(decode_envelope(wrapped, 404, R"({"error":{"code":404,"message":"gone"}})").code.empty());
}

TEST_CASE("toolkit error envelope: any other body goes to the generic decoder") {
  CHECK(decode_envelope(wrapped, 502, "<html>Bad Gateway</html>").message == "<html>Bad Gateway</html>");
  CHECK(decode_envelope(wrapped, 500, R"({"message":"flat"})").message == "flat");
  CHECK(decode_envelope(wrapped, 500, R"({"error":"a string"})").message == "a string");
  CHECK_FALSE(envelope_object(wrapped, R"({"code":"x"})"));  // bare objects only where the envelope says
  CHECK(kind_for_code(codes, "slow_down") == ErrorKind::rate_limited);
  CHECK_FALSE(kind_for_code(codes, ""));
}
