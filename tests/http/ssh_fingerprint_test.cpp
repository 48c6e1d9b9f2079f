// SSH key fingerprints against what ssh-keygen printed for the fixture keys (tests/support/ssh_fixture_keys.hpp).
#include "http/ssh_fingerprint.hpp"

#include "tests/support/ssh_fixture_keys.hpp"

#include <doctest/doctest.h>

using polycloud::http::ssh_key_fingerprints;
namespace test = polycloud::test;

TEST_CASE("ssh fingerprints: SHA256 and MD5 as ssh-keygen -l prints them - ed25519 and rsa") {
  for (auto const& key : {test::ed25519_key, test::rsa_key}) {
    CAPTURE(key.line);
    auto const prints = ssh_key_fingerprints(test::blob_of(key.line));
    REQUIRE(prints.has_value());
    CHECK(prints->sha256 == key.sha256);
    CHECK(prints->md5 == key.md5);
  }
  CHECK(ssh_key_fingerprints(test::blob_of(test::ed25519_key.line))->blob_type == "ssh-ed25519");
  CHECK(ssh_key_fingerprints(test::blob_of(test::rsa_key.line))->blob_type == "ssh-rsa");
}

TEST_CASE("ssh fingerprints: text that is not strict padded base64 has none") {
  auto const blob = test::blob_of(test::ed25519_key.line);
  CHECK_FALSE(ssh_key_fingerprints("").has_value());
  CHECK_FALSE(ssh_key_fingerprints(blob.substr(1)).has_value());        // not a multiple of 4
  CHECK_FALSE(ssh_key_fingerprints(" " + blob.substr(1)).has_value());  // whitespace is not base64
  CHECK_FALSE(ssh_key_fingerprints("AAAA!AAA").has_value());
  CHECK_FALSE(ssh_key_fingerprints("AA=A").has_value());               // padding only at the end
  // Decodable, but not a key blob: no SSH string at its start.
  auto const short_blob = ssh_key_fingerprints("AAE=");
  REQUIRE(short_blob.has_value());
  CHECK(short_blob->blob_type.empty());
}
