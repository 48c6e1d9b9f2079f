// The idempotency key's marker in an OpenScaler description (issue 19): written after the user's own
// text, read back only as a whole word holding a valid key.
#include "providers/openscaler/key_marker.hpp"

#include <doctest/doctest.h>

using namespace polycloud::openscaler;

TEST_CASE("openscaler key marker: appended to the description - read back from it") {
  CHECK(description_with_key("", "k1") == "polycloud-key:k1");
  CHECK(description_with_key("web server", "k1") == "web server polycloud-key:k1");
  CHECK(description_with_key("web server", "") == "web server");
  CHECK(key_in_description("web server polycloud-key:k1") == "k1");
  CHECK(key_in_description("polycloud-key:k1") == "k1");
  CHECK(key_in_description("polycloud-key:k1 and more words") == "k1");
  // The last marker wins (a user may have pasted an old one into their own text).
  CHECK(key_in_description("polycloud-key:old polycloud-key:new") == "new");
}

TEST_CASE("openscaler key marker: no marker - part of a word or an invalid key is none") {
  CHECK_FALSE(key_in_description(""));
  CHECK_FALSE(key_in_description("Simulated VM 3"));
  CHECK_FALSE(key_in_description("xpolycloud-key:k1"));
  CHECK_FALSE(key_in_description("polycloud-key:"));
  CHECK_FALSE(key_in_description("polycloud-key:a/b"));
  CHECK(key_in_description("polycloud-key:ok xpolycloud-key:k1") == "ok");
}
