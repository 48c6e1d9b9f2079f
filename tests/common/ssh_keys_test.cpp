// The SSH public keys a create hands over: read once, matched against a provider's list by either
// fingerprint form, named deterministically; and the one rule refusing a create feature a provider lacks.
#include "providers/common/create_features.hpp"
#include "providers/common/ssh_keys.hpp"

#include "tests/common/toolkit_test_support.hpp"
#include "tests/support/ssh_fixture_keys.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace polycloud;
using namespace polycloud::providers;
namespace keys = polycloud::test;

namespace {
CallSite create_site() { return CallSite{"kat", "katapult", "create"}; }
}  // namespace

TEST_CASE("ssh keys: a key line read into its parts and both fingerprints") {
  auto const key = read_public_key(std::string("  ") + keys::ed25519_key.line + "\r\n", 0, create_site());
  REQUIRE(key.has_value());
  CHECK(key->type == "ssh-ed25519");
  CHECK(key->comment == "ops@polycloud");
  CHECK(key->sha256 == keys::ed25519_key.sha256);
  CHECK(key->md5 == keys::ed25519_key.md5);
  CHECK(key->line() == keys::ed25519_key.line);
  auto const rsa = read_public_key(keys::rsa_key.line, 0, create_site());
  REQUIRE(rsa.has_value());
  CHECK(rsa->sha256 == keys::rsa_key.sha256);
  CHECK(rsa->md5 == keys::rsa_key.md5);
}

TEST_CASE("ssh keys: what is not a public key line is invalid_argument naming its position - never its text") {
  std::string const blob = keys::blob_of(keys::ed25519_key.line);
  for (std::string const& bad : {std::string(), std::string("ssh-ed25519"), std::string("ssh-ed25519 not*base64 me"),
                                "ssh-rsa " + blob + " a type its blob does not name",
                                std::string(keys::ed25519_key.line) + "\n" + keys::rsa_key.line,
                                std::string("-----BEGIN OPENSSH PRIVATE KEY----- secret")}) {
    CAPTURE(bad);
    auto const key = read_public_key(bad, 3, create_site());
    REQUIRE_FALSE(key.has_value());
    CHECK(key.error().kind == ErrorKind::invalid_argument);
    CHECK(key.error().provider == "kat");
    CHECK(key.error().message.find("ssh_public_keys[3]") != std::string::npos);
    if (bad.size() > 20) CHECK(key.error().message.find(bad) == std::string::npos);
  }
  CreateSpec spec;
  spec.ssh_public_keys = {keys::ed25519_key.line, "ssh-ed25519 AAAA"};
  auto const keys = read_public_keys(spec, create_site());
  REQUIRE_FALSE(keys.has_value());
  CHECK(keys.error().message.find("ssh_public_keys[1]") != std::string::npos);
}

TEST_CASE("ssh keys: a provider's fingerprint matches in either form - with a comment or MD5 prefix") {
  auto const key = read_public_key(keys::ed25519_key.line, 0, create_site()).value();
  CHECK(key.has_fingerprint(keys::ed25519_key.sha256));
  CHECK(key.has_fingerprint(std::string(keys::ed25519_key.sha256) + " user@machine.local"));  // GK's mock form
  CHECK(key.has_fingerprint(keys::ed25519_key.md5));                                          // the CLI's mock form
  CHECK(key.has_fingerprint(std::string("MD5:") + keys::ed25519_key.md5));
  CHECK(key.has_fingerprint("B3:1F:79:59:F6:AC:8C:56:D9:B2:A8:36:9C:AB:CD:B0"));
  CHECK_FALSE(key.has_fingerprint(keys::rsa_key.sha256));
  CHECK_FALSE(key.has_fingerprint(keys::rsa_key.md5));
  CHECK_FALSE(key.has_fingerprint(""));
  // SHA256 base64 is case-sensitive.
  std::string lowered = keys::ed25519_key.sha256;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK_FALSE(key.has_fingerprint(lowered));
}

TEST_CASE("ssh keys: the same key whatever its comment - and a deterministic name") {
  auto const key = read_public_key(keys::ed25519_key.line, 0, create_site()).value();
  auto const blob = keys::blob_of(keys::ed25519_key.line);
  CHECK(key.same_key("ssh-ed25519 " + blob));
  CHECK(key.same_key("ssh-ed25519  " + blob + " someone-else@host"));
  CHECK_FALSE(key.same_key(keys::rsa_key.line));
  CHECK_FALSE(key.same_key("ssh-rsa " + blob));
  // From the SHA256 fingerprint "wZ+axeVItlNWNxgV…": URL-safe, the same on every run and machine.
  CHECK(key.registered_name() == "polycloud-wZ-axeVItlNWNxgV");
  auto const rsa = read_public_key(keys::rsa_key.line, 0, create_site()).value();
  CHECK(rsa.registered_name() == "polycloud-Ec7ehj40HWv755b4");
}

TEST_CASE("create features: a feature the capabilities lack is refused naming provider - operation and feature") {
  Capabilities none;
  CreateSpec spec;
  CHECK(check_create_features(spec, none, {}, create_site()).has_value());
  spec.user_data = "#cloud-config\n";
  auto const refused = check_create_features(spec, none, {{}, "no cloud-init here", {}, {}}, create_site());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::invalid_argument);
  CHECK(refused.error().provider == "kat");
  CHECK(refused.error().operation == "create");
  CHECK(refused.error().message ==
        "user_data (create feature create_user_data) is not supported by katapult: no cloud-init here");
  Capabilities all;
  all.create_ssh_keys = all.create_user_data = all.create_tags = all.create_extra_disks = true;
  spec.ssh_public_keys = {"k"};
  spec.tags = {{"web", ""}};
  spec.extra_disks_gb = {10};
  CHECK(check_create_features(spec, all, {}, create_site()).has_value());
  all.create_extra_disks = false;
  auto const disks = check_create_features(spec, all, {}, create_site());
  REQUIRE_FALSE(disks.has_value());
  CHECK(disks.error().message.find("extra_disks_gb (create feature create_extra_disks)") != std::string::npos);
}
