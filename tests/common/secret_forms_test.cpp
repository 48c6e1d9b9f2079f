// The forms of a secret the call scrubs: a secret handed over for a create (a VM password, user data
// marked secret) must vanish from a JSON body, a base64 body and a plain message alike (issue 22).
#include "providers/common/secret_forms.hpp"

#include "core/scrub.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
bool has(std::vector<std::string> const& forms, std::string const& form) {
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}
}  // namespace

TEST_CASE("secret_forms: as written, JSON-escaped and base64, each once") {
  std::string const cloud_init = "#cloud-config\npassword: \"Hunter2\\x\"\n";
  auto const forms = secret_forms(cloud_init);
  CHECK(forms.size() == 3);
  CHECK(has(forms, cloud_init));
  CHECK(has(forms, "#cloud-config\\npassword: \\\"Hunter2\\\\x\\\"\\n"));
  CHECK(has(forms, base64_encode(cloud_init)));
  // A text JSON leaves alone has one form fewer; an empty one has none.
  CHECK(secret_forms("plain-password").size() == 2);
  CHECK(secret_forms("").empty());
}

TEST_CASE("add_call_secret: every form once, so each printed spelling is scrubbed") {
  CallSite call;
  std::string const secret = "line one\nline two";
  add_call_secret(call, secret);
  add_call_secret(call, secret);  // the same secret twice (an option and the user data) adds nothing
  CHECK(call.call_secrets.size() == 3);
  std::string text = R"({"user_data":"line one\nline two","b64":")" + base64_encode(secret) + "\"} " + secret;
  scrub(text, call);
  CHECK(text == R"({"user_data":"REDACTED","b64":"REDACTED"} REDACTED)");
}

TEST_CASE("add_user_data_secret: only user data the user marked secret") {
  CreateSpec spec;
  spec.user_data = "#cloud-config\nchpasswd: {list: 'root:S3cret-S3cret'}\n";
  CallSite call;
  add_user_data_secret(call, spec);
  CHECK(call.call_secrets.empty());
  spec.user_data_is_secret = true;
  add_user_data_secret(call, spec);
  CHECK(call.call_secrets == secret_forms(spec.user_data));
}

TEST_CASE("base64_encode: the RFC 4648 test vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}
