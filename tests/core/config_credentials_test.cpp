// The credential-source keys of a provider block: token_command and oauth, their shapes, ranges and
// secret handling, and that a provider takes one credential only.
#include "config_fixtures.hpp"

using namespace polycloud_test;

namespace {

Config parsed(std::string_view text, Environment const& env = env_of({})) {
  register_test_type();
  auto config = parse_config(text, "/etc/pc.json", env);
  REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
  return std::move(*config);
}

}  // namespace

TEST_CASE("token_command is an argv array or an object with argv and timeout_s") {
  auto short_form = parsed(R"({"providers": {"a": {"type": "testcloud", "token_command": ["helper", "--for", "${WHO}"]}}})",
                           env_of({{"WHO", "alg"}}));
  REQUIRE(short_form.providers[0].token_command.has_value());
  CHECK(short_form.providers[0].token_command->argv == std::vector<std::string>{"helper", "--for", "alg"});
  CHECK(short_form.providers[0].token_command->timeout == std::chrono::seconds{10});

  auto long_form = parsed(
      R"({"providers": {"a": {"type": "testcloud", "token_command": {"argv": ["/usr/bin/helper"], "timeout_s": 30}}}})");
  CHECK(long_form.providers[0].token_command->argv == std::vector<std::string>{"/usr/bin/helper"});
  CHECK(long_form.providers[0].token_command->timeout == std::chrono::seconds{30});
}

TEST_CASE("token_command: wrong shapes and ranges are config errors naming the key") {
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": "helper --flag"}}})") ==
        "/etc/pc.json: providers.a.token_command: expected an array [\"program\", \"arg\"…] or {\"argv\": […], "
        "\"timeout_s\": N}");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": []}}})") ==
        "/etc/pc.json: providers.a.token_command: expected a non-empty array of strings: the program and its "
        "arguments (no shell)");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": ["helper", 3]}}})") ==
        "/etc/pc.json: providers.a.token_command[1]: expected a string");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": {"argv": ["h"], "timeout_s": 301}}}})") ==
        "/etc/pc.json: providers.a.token_command.timeout_s: expected a whole number of seconds from 1 to 300");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": {"argv": ["h"], "timeout": 5}}}})") ==
        "/etc/pc.json: providers.a.token_command.timeout: unknown key (did you mean `timeout_s`?)");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": {"timeout_s": 5}}}})") ==
        "/etc/pc.json: providers.a.token_command.argv: missing required key");
}

TEST_CASE("oauth: token_url - client_id - the secret inline or from a file - and scope") {
  TempDir dir;
  dir.write("client.secret", "oauth-file-secret-1\n");
  auto config = parsed(R"({"providers": {"a": {"type": "testcloud", "oauth": {
      "token_url": "https://login.example/oauth/token", "client_id": "pc", "client_secret_file": "~/client.secret",
      "scope": "vms"}}}})",
                       env_of({{"HOME", dir.path.string()}}));
  auto const& oauth = config.providers[0].oauth;
  REQUIRE(oauth.has_value());
  CHECK(oauth->token_url == "https://login.example/oauth/token");
  CHECK(oauth->client_id == "pc");
  CHECK(oauth->client_secret.reveal() == "oauth-file-secret-1");
  CHECK(oauth->scope == "vms");

  auto inline_secret = parsed(R"({"providers": {"a": {"type": "testcloud", "oauth": {
      "token_url": "http://127.0.0.1:9/token", "client_id": "pc", "client_secret": "${PC_SECRET}"}}}})",
                              env_of({{"PC_SECRET", "oauth-env-secret-1"}}));
  CHECK(inline_secret.providers[0].oauth->client_secret.reveal() == "oauth-env-secret-1");
}

TEST_CASE("oauth: missing keys - both secrets - a short secret - plain http and userinfo are refused") {
  std::string const head = R"({"providers": {"a": {"type": "testcloud", "oauth": )";
  CHECK(config_error(head + R"({"client_id": "pc", "client_secret": "${S}"}}}})", env_of({{"S", "long-secret"}})) ==
        "/etc/pc.json: providers.a.oauth.token_url: missing required key");
  CHECK(config_error(head + R"({"token_url": "https://l.example/t", "client_secret": "${S}"}}}})",
                     env_of({{"S", "long-secret"}})) == "/etc/pc.json: providers.a.oauth.client_id: missing required key");
  CHECK(config_error(head + R"({"token_url": "https://l.example/t", "client_id": "pc"}}}})") ==
        "/etc/pc.json: providers.a.oauth: give exactly one of \"client_secret\" or \"client_secret_file\"");
  CHECK(config_error(head + R"({"token_url": "https://l.example/t", "client_id": "pc", "client_secret": "${S}"}}}})",
                     env_of({{"S", "short"}})) ==
        "/etc/pc.json: providers.a.oauth.client_secret: a credential must be at least 8 characters");
  CHECK(config_error(head + R"({"token_url": "http://login.example/t", "client_id": "pc", "client_secret": "${S}"}}}})",
                     env_of({{"S", "long-secret"}})) ==
        "/etc/pc.json: providers.a.oauth.token_url: plain http is only allowed to loopback; set "
        "\"allow_insecure_http\": true to override");
  CHECK(config_error(head + R"({"token_url": "https://u:p@l.example/t", "client_id": "pc", "client_secret": "${S}"}}}})",
                     env_of({{"S", "long-secret"}})) ==
        "/etc/pc.json: providers.a.oauth.token_url: must not hold credentials (user:password@)");
  CHECK(config_error(head + R"({"token_url": "https://l.example/t", "client_id": "pc", "client_secret": "${S}", "scopes": "x"}}}})",
                     env_of({{"S", "long-secret"}})) ==
        "/etc/pc.json: providers.a.oauth.scopes: unknown key (did you mean `scope`?)");
}

TEST_CASE("a provider takes one credential: token - token_command or oauth") {
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token": "${T}", "token_command": ["h"]}}})",
                     env_of({{"T", "long-enough"}})) ==
        "/etc/pc.json: providers.a: give one of \"token\" (or \"token_file\"), \"token_command\" or \"oauth\", not several");
  auto message = config_error(R"({"providers": {"a": {"type": "testcloud", "token_command": ["h"], "oauth": {
      "token_url": "https://l.example/t", "client_id": "pc", "client_secret": "oauth-literal-secret"}}}})");
  CHECK(message.find("not several") != std::string::npos);
  CHECK(message.find("oauth-literal-secret") == std::string::npos);
}
