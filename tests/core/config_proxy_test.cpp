// The provider's `proxy` key: kept as written (after ${VAR}), "" and "none" allowed, malformed refused
// naming the key but never the value.
#include "config_fixtures.hpp"

using namespace polycloud;
using namespace polycloud_test;

namespace {

Result<Config> with_proxy(std::string const& value, Environment const& env = env_of({})) {
  register_test_type();
  return parse_config(R"({"providers": {"alg": {"type": "testcloud", "token": "tok-123456", "proxy": )" + value + "}}}",
                      "/etc/pc.json", env);
}

}  // namespace

TEST_CASE("config: proxy is kept as given - none and the empty string included - and unset when absent") {
  auto config = with_proxy(R"("http://user:${PROXY_PW}@proxy.corp:3128")", env_of({{"PROXY_PW", "pw-secret"}}));
  REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
  CHECK(config->providers[0].proxy == "http://user:pw-secret@proxy.corp:3128");
  CHECK(with_proxy(R"("none")")->providers[0].proxy == "none");
  CHECK(with_proxy(R"("")")->providers[0].proxy == "");
  CHECK(with_proxy(R"("proxy.corp:3128")")->providers[0].proxy == "proxy.corp:3128");  // curl's scheme-less form
  register_test_type();
  auto absent = parse_config(R"({"providers": {"alg": {"type": "testcloud", "token": "tok-123456"}}})", "/etc/pc.json",
                             env_of({{"HTTPS_PROXY", "http://env:1"}}));
  CHECK_FALSE(absent->providers[0].proxy.has_value());  // the environment is the transport's to read
}

TEST_CASE("config: a malformed proxy is a config error naming the key - never the password") {
  for (char const* value : {R"("socks5://u:pw-secret@p:1080")", R"("https://u:pw-secret@p")", R"("http://u:pw-secret@p:70000")",
                            R"("http://u:pw-secret@p:1/x")", "42"}) {
    INFO(value);
    auto config = with_proxy(value);
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().kind == ErrorKind::config);
    CHECK(config.error().message.starts_with("/etc/pc.json: providers.alg.proxy: "));
    CHECK(config.error().message.find("pw-secret") == std::string::npos);
  }
}
