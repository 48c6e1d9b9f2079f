// Idempotency keys (issue 19): what a key may be, and the stable key `create --if-absent` derives.
#include "core/idempotency_key.hpp"

#include <polycloud/create_spec.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace polycloud;

TEST_CASE("idempotency key: 1 to 64 characters of letters - digits - dot - underscore - hyphen") {
  CHECK(valid_idempotency_key("a"));
  CHECK(valid_idempotency_key("Run-42.web_1"));
  CHECK(valid_idempotency_key(std::string(64, 'k')));
  CHECK_FALSE(valid_idempotency_key(""));
  CHECK_FALSE(valid_idempotency_key(std::string(65, 'k')));
  CHECK_FALSE(valid_idempotency_key("with space"));
  CHECK_FALSE(valid_idempotency_key("a/b"));
  CHECK_FALSE(valid_idempotency_key("a,b"));  // would split ByCloud's comma-separated tags filter
  CHECK_FALSE(valid_idempotency_key("k:v"));
  CHECK_FALSE(valid_idempotency_key("ünï"));
  CHECK_FALSE(valid_idempotency_key(std::string("nul\0", 4)));
}

TEST_CASE("if-absent key: derived from provider and name only - stable - always a valid key") {
  // Pinned: the rule is documented (docs/provisioning.md), and a change would make every rerun of an
  // older create build a second VM.
  CHECK(if_absent_idempotency_key("alg", "web-1") == "ia.web-1.3bcf1180f95a3ee5");
  CHECK(if_absent_idempotency_key("alg", "web-1") == if_absent_idempotency_key("alg", "web-1"));
  CHECK(if_absent_idempotency_key("alg", "web-1") != if_absent_idempotency_key("other", "web-1"));
  // Names the replacement or the cut make equal still get different keys.
  CHECK(if_absent_idempotency_key("alg", "web 1") != if_absent_idempotency_key("alg", "web_1"));
  CHECK(if_absent_idempotency_key("alg", std::string(50, 'n') + "a") !=
        if_absent_idempotency_key("alg", std::string(50, 'n') + "b"));
  // The provider/name split is part of the hash: "ab"+"c" is not "a"+"bc".
  CHECK(if_absent_idempotency_key("ab", "c") != if_absent_idempotency_key("a", "bc"));
  for (std::string const& name : std::vector<std::string>{"", "web-1", "ünïcode näme/with slashes", std::string(300, 'x')}) {
    CAPTURE(name);
    CHECK(valid_idempotency_key(if_absent_idempotency_key("alg", name)));
  }
}

TEST_CASE("idempotency key refusal: one message for every layer - what a key may be and its length - never the key") {
  // The CLI (before any catalog is read), the fleet's journal and lock, and every adapter refuse a bad
  // key with this one error; it was written out three times before, one copy without the length.
  std::string const pasted = "secret token/with space";
  auto const error = idempotency_key_refusal(pasted, "alg", "create");
  CHECK(error.kind == ErrorKind::invalid_argument);
  CHECK(error.provider == "alg");
  CHECK(error.operation == "create");
  CHECK(error.message ==
        "an idempotency key is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-' (this one has 23 characters)");
  CHECK(error.to_string().find("secret") == std::string::npos);
}
