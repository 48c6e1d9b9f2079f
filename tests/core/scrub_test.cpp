#include "core/scrub.hpp"

#include <doctest/doctest.h>

using polycloud::scrub_credential;
using polycloud::scrub_secret;

TEST_CASE("scrub_secret removes every plain occurrence of a token") {
  CHECK(scrub_secret("Authorization: Bearer tok-12345678 echoed tok-12345678", "tok-12345678") ==
        "Authorization: Bearer REDACTED echoed REDACTED");
  CHECK(scrub_secret("X-Request-Id: abc-tok-12345678-def", "tok-12345678") == "X-Request-Id: abc-REDACTED-def");
  CHECK(scrub_secret("nothing here", "tok-12345678") == "nothing here");
  CHECK(scrub_secret("empty secret", "") == "empty secret");
}

TEST_CASE("scrub_secret removes percent-encoded forms in either case and mixed with plain characters") {
  std::string const secret = "ab+c/d=ef:gh";
  CHECK(scrub_secret("?token=ab%2Bc%2Fd%3Def%3Agh&x=1", secret) == "?token=REDACTED&x=1");
  CHECK(scrub_secret("?token=ab%2bc%2fd%3def%3agh", secret) == "?token=REDACTED");
  CHECK(scrub_secret("?token=ab%2Bc/d=ef%3Agh", secret) == "?token=REDACTED");
  CHECK(scrub_secret("%61%62%2B%63%2F%64%3D%65%66%3A%67%68", secret) == "REDACTED");
}

TEST_CASE("scrub_secret removes HTML-escaped forms") {
  std::string const secret = "tok<&>\"'12";
  CHECK(scrub_secret("<p>tok&lt;&amp;&gt;&quot;&#39;12</p>", secret) == "<p>REDACTED</p>");
  CHECK(scrub_secret("<p>tok&#x3c;&#38;&gt;&quot;&apos;12</p>", secret) == "<p>REDACTED</p>");
}

TEST_CASE("scrub_secret matches only the whole secret and never a part of it") {
  CHECK(scrub_secret("tok-1234567 and tok-123456789", "tok-12345678") == "tok-1234567 and REDACTED9");
  CHECK(scrub_secret("ok-12345678", "tok-12345678") == "ok-12345678");
}

TEST_CASE("a short secret is scrubbed only where it stands alone so it is never given away") {
  CHECK(scrub_secret("1 attempt", "t") == "1 attempt");
  CHECK(scrub_secret("token t sent", "t") == "token REDACTED sent");
  CHECK(scrub_secret("Bearer abc", "abc") == "Bearer REDACTED");
  CHECK(scrub_secret("abcdef", "abc") == "abcdef");
}

// Found by the CLI credential scan: a server echoing only the secret of ByCloud's api_key
// (`<key-id>:<secret>`) had it printed, since only the whole key was scrubbed.
TEST_CASE("scrub_credential removes a key-id colon secret credential whole and its secret part alone") {
  std::string const key = "sim-key-id:sim-key-secret";
  CHECK(scrub_credential("key sim-key-id:sim-key-secret refused", key) == "key REDACTED refused");
  CHECK(scrub_credential("secret sim-key-secret refused", key) == "secret REDACTED refused");
  CHECK(scrub_credential("secret sim%2Dkey%2Dsecret refused", key) == "secret REDACTED refused");
  CHECK(scrub_credential("id sim-key-id is fine", key) == "id sim-key-id is fine");
  // A secret part too short to be one is left alone rather than pointed at.
  CHECK(scrub_credential("a 1:abc b abc", "long-key-id:abc") == "a 1:abc b abc");
  CHECK(scrub_credential("plain-token-123 x", "plain-token-123") == "REDACTED x");
}
