#include "config_fixtures.hpp"

#include <algorithm>

using namespace polycloud;
using namespace polycloud_test;

TEST_CASE("a full config parses: common keys, own keys, aliases, defaults and env expansion") {
  register_test_type();
  auto config = parse_config(R"({
    "providers": {
      "alg": {"type": "testcloud", "token": "${TC_TOKEN}", "project_id": "${PROJECT}",
              "timeout_s": 12, "max_connections": 4, "max_body_mb": 256, "ca_file": "~/ca.pem", "rate_limit_per_second": 2.5, "rate_limit_per_minute": 60,
              "aliases": {"size": {"small": "b-1-500mb-10"}, "image": {"debian": "debian-13"}}},
      "local": {"type": "fake", "endpoint": "http://127.0.0.1:8080", "instances": 5, "token": "plain-token"}
    }})",
                             "/etc/pc.json", env_of({{"TC_TOKEN", "s3cret-token"}, {"PROJECT", "default"}, {"HOME", "/home/u"}}));
  REQUIRE(config.has_value());
  REQUIRE(config->providers.size() == 2);
  auto const& alg = config->providers[0];
  CHECK(alg.name == "alg");
  CHECK(alg.type == "testcloud");
  CHECK(alg.endpoint == "https://api.testcloud.example/v1");
  CHECK(alg.token.reveal() == "s3cret-token");
  CHECK(alg.settings.at("project_id").as_string() == "default");
  CHECK(alg.timeout == std::chrono::seconds(12));
  CHECK(alg.max_connections == 4);
  CHECK(alg.max_body_bytes == 256u << 20);
  CHECK(alg.ca_file == "/home/u/ca.pem");
  CHECK(alg.rate_limit_per_second == doctest::Approx(2.5));
  CHECK(alg.rate_limit_per_minute == doctest::Approx(60));
  CHECK(Aliases::resolve(alg.aliases.size, "small") == "b-1-500mb-10");
  CHECK(Aliases::resolve(alg.aliases.size, "b-2") == "b-2");
  CHECK(Aliases::resolve(alg.aliases.image, "debian") == "debian-13");
  CHECK(alg.source == "/etc/pc.json");
  CHECK(config->find("local") != nullptr);
  CHECK(config->find("local")->endpoint == "http://127.0.0.1:8080");
  CHECK(config->find("nope") == nullptr);
}

TEST_CASE("the registry refuses a type name that is not lower-case letters, digits, _ and -") {
  ProviderType type;
  for (auto const* name : {"", "no such type", "Upper", "9lives", "semi;colon", "dot.ted"}) {
    type.name = name;
    auto refused = register_provider_type(type);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().kind == ErrorKind::config);
    CHECK(find_provider_type(name) == nullptr);
  }
  CHECK(valid_provider_type_name("example_cursor"));
  CHECK(valid_provider_type_name("my-cloud2"));
}

TEST_CASE("every config error names the file, the key path and what was expected") {
  CHECK(config_error("{") .find("/etc/pc.json: (document): invalid JSON") == 0);
  CHECK(config_error("[]") == "/etc/pc.json: (document): expected a JSON object");
  CHECK(config_error("{}") == "/etc/pc.json: providers: missing required key");
  CHECK(config_error(R"({"providers": {}, "extra": 1})") == "/etc/pc.json: extra: unknown key (expected \"providers\")");
  CHECK(config_error(R"({"providers": []})") == "/etc/pc.json: providers: expected an object of name -> provider block");
  CHECK(config_error(R"({"providers": {"a": 1}})") == "/etc/pc.json: providers.a: expected an object");
  CHECK(config_error(R"({"providers": {"a": {}}})") == "/etc/pc.json: providers.a.type: missing required key");
  CHECK(config_error(R"({"providers": {"a": {"type": 3}}})") == "/etc/pc.json: providers.a.type: expected a string");
  CHECK(config_error(R"({"providers": {"a": {"type": "no such type"}}})").find(
            "/etc/pc.json: providers.a.type: unknown provider type \"no such type\" (known: ") == 0);
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "tokn": "x"}}})") ==
        "/etc/pc.json: providers.a.tokn: unknown key for provider type testcloud (did you mean `token`?)");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token": "${NOPE}"}}})") ==
        "/etc/pc.json: providers.a.token: environment variable NOPE is not set");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "project_id": "${NOPE}"}}})") ==
        "/etc/pc.json: providers.a.project_id: environment variable NOPE is not set");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token": "${OPEN"}}})") ==
        "/etc/pc.json: providers.a.token: unterminated ${ in value");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "timeout_s": 0}}})") ==
        "/etc/pc.json: providers.a.timeout_s: expected a positive integer");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "max_connections": "8"}}})") ==
        "/etc/pc.json: providers.a.max_connections: expected a positive integer");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "max_body_mb": 5000}}})") ==
        "/etc/pc.json: providers.a.max_body_mb: expected at most 4096 (MiB)");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "allow_insecure_http": 1}}})") ==
        "/etc/pc.json: providers.a.allow_insecure_http: expected true or false");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "rate_limit_per_second": -1}}})") ==
        "/etc/pc.json: providers.a.rate_limit_per_second: expected a positive number");
  // A rate too small to pace by once overflowed the limiter's wait and sent at once (issue 12).
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "rate_limit_per_second": 2e-11}}})") ==
        "/etc/pc.json: providers.a.rate_limit_per_second: expected from 1/3600 (one request an hour) to 1000000");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "rate_limit_per_second": 1e-300}}})") ==
        "/etc/pc.json: providers.a.rate_limit_per_second: expected from 1/3600 (one request an hour) to 1000000");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "rate_limit_per_second": 1e300}}})") ==
        "/etc/pc.json: providers.a.rate_limit_per_second: expected from 1/3600 (one request an hour) to 1000000");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "rate_limit_per_minute": 0.01}}})") ==
        "/etc/pc.json: providers.a.rate_limit_per_minute: expected from 1/60 (one request an hour) to 60000000");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "aliases": {"flavor": {}}}}})") ==
        "/etc/pc.json: providers.a.aliases.flavor: unknown alias table (expected size, image or region)");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "aliases": {"size": {"s": 1}}}}})") ==
        "/etc/pc.json: providers.a.aliases.size.s: expected a string");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "endpoint": "not a url"}}})") ==
        "/etc/pc.json: providers.a.endpoint: expected an absolute http(s) URL, got \"not a url\"");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "endpoint": "ftp://x.example"}}})") ==
        "/etc/pc.json: providers.a.endpoint: expected an absolute http(s) URL, got \"ftp://x.example\"");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "endpoint": "http://api.example.com"}}})") ==
        "/etc/pc.json: providers.a.endpoint: plain http is only allowed to loopback; set \"allow_insecure_http\": "
        "true to override");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "organization": {"name": "x"}}}})") ==
        "/etc/pc.json: providers.a.organization: expected an object with \"id\" or \"sub_domain\"");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "token": "long-enough", "token_file": "/nonexistent"}}})") ==
        "/etc/pc.json: providers.a.token_file: cannot read token file /nonexistent: No such file or directory");
}

TEST_CASE("plain http to a non-loopback host is accepted only with allow_insecure_http") {
  register_test_type();
  auto config = parse_config(
      R"({"providers": {"a": {"type": "testcloud", "endpoint": "http://api.example.com", "allow_insecure_http": true}}})",
      "x.json", env_of({}));
  REQUIRE(config.has_value());
  CHECK(config->providers[0].allow_insecure_http);
  for (auto endpoint : {"http://localhost:1", "http://127.0.0.1:1", "http://127.5.5.5", "http://[::1]:8080"}) {
    auto loopback = parse_config(
        std::string(R"({"providers": {"a": {"type": "testcloud", "endpoint": ")") + endpoint + R"("}}})", "x.json",
        env_of({}));
    CHECK_MESSAGE(loopback.has_value(), endpoint);
  }
}

TEST_CASE("token_file is read, trimmed, expanded from ~, and both token forms together are refused") {
  register_test_type();
  TempDir dir;
  dir.write(".config/polycloud/kt.token", "tok-from-file\n\n");
  dir.write("empty.token", " \n");
  auto env = env_of({{"HOME", dir.path.string()}});
  auto config = parse_config(
      R"({"providers": {"a": {"type": "testcloud", "token_file": "~/.config/polycloud/kt.token"}}})", "x.json", env);
  REQUIRE(config.has_value());
  CHECK(config->providers[0].token.reveal() == "tok-from-file");

  auto empty = parse_config(R"({"providers": {"a": {"type": "testcloud", "token_file": "~/empty.token"}}})", "x.json", env);
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().message.find("is empty") != std::string::npos);

  auto both = parse_config(
      R"({"providers": {"a": {"type": "testcloud", "token": "long-enough", "token_file": "~/.config/polycloud/kt.token"}}})",
      "x.json", env);
  REQUIRE_FALSE(both.has_value());
  CHECK(both.error().message == "x.json: providers.a: give either \"token\" or \"token_file\", not both");
}

TEST_CASE("config errors never contain the token value") {
  register_test_type();
  auto config = parse_config(R"({"providers": {"a": {"type": "testcloud", "token": "SECRET-123", "bogus": 1}}})",
                             "x.json", env_of({}));
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().message.find("SECRET-123") == std::string::npos);
}

TEST_CASE("load_config_file reads a file and reports an unreadable one") {
  register_test_type();
  TempDir dir;
  auto file = dir.write("c.json", R"({"providers": {"f": {"type": "fake"}}})");
  auto config = load_config_file(file, env_of({}));
  REQUIRE(config.has_value());
  CHECK(config->source == file.string());
  auto missing = load_config_file(dir.path / "missing.json", env_of({}));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::config);
  CHECK(missing.error().message ==
        (dir.path / "missing.json").string() + ": cannot read config file: No such file or directory");
}

TEST_CASE("discovery order: explicit, POLYCLOUD_CONFIG, XDG_CONFIG_HOME, ~/.config") {
  TempDir dir;
  auto xdg_file = dir.write("xdg/polycloud/config.json", "{}");
  auto home_file = dir.write("home/.config/polycloud/config.json", "{}");
  auto const home = (dir.path / "home").string();
  auto const xdg = (dir.path / "xdg").string();

  CHECK(*discover_config(fs::path("/given.json"), env_of({{"POLYCLOUD_CONFIG", "/env.json"}})) == "/given.json");
  CHECK(*discover_config(std::nullopt, env_of({{"POLYCLOUD_CONFIG", "/env.json"}, {"XDG_CONFIG_HOME", xdg}})) ==
        "/env.json");
  CHECK(*discover_config(std::nullopt, env_of({{"XDG_CONFIG_HOME", xdg}, {"HOME", home}})) == xdg_file);
  CHECK(*discover_config(std::nullopt, env_of({{"XDG_CONFIG_HOME", (dir.path / "none").string()}, {"HOME", home}})) ==
        home_file);
  auto nothing = discover_config(std::nullopt, env_of({{"HOME", (dir.path / "none").string()}}));
  REQUIRE_FALSE(nothing.has_value());
  CHECK(nothing.error().kind == ErrorKind::config);
  CHECK(nothing.error().message.find("no config file found") == 0);
}

TEST_CASE("with no HOME and no XDG_CONFIG_HOME the error still lists every place searched") {
  auto nothing = discover_config(std::nullopt, env_of({}));
  REQUIRE_FALSE(nothing.has_value());
  CHECK(nothing.error().message ==
        "no config file found (searched: --config (not given), $POLYCLOUD_CONFIG (not set), "
        "$XDG_CONFIG_HOME/polycloud/config.json ($XDG_CONFIG_HOME not set), "
        "$HOME/.config/polycloud/config.json ($HOME not set))");
}

TEST_CASE("the registry makes providers by type and refuses unknown types") {
  register_test_type();
  auto names = provider_type_names();
  CHECK(std::find(names.begin(), names.end(), "fake") != names.end());
  ProviderConfig config;
  config.name = "x";
  config.type = "no such type";  // a name the registry refuses, so no registration can ever make it known
  CHECK_FALSE(valid_provider_type_name(config.type));
  auto missing = make_provider(config, {});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::config);
  config.type = "fake";
  auto fake = make_provider(config, {});
  REQUIRE(fake.has_value());
  CHECK((*fake)->name() == "x");
  CHECK((*fake)->type() == "fake");
}

// Issue 22: timeout_s bounds each request; a listing of many pages has its own deadline.
TEST_CASE("list_timeout_s sets the whole listing's deadline - 600 s by default - at most a day") {
  register_test_type();
  auto config = parse_config(R"({"providers": {"a": {"type": "testcloud", "list_timeout_s": 90},
                                               "b": {"type": "testcloud"}}})",
                             "/etc/pc.json", env_of({}));
  REQUIRE(config.has_value());
  CHECK(config->find("a")->list_timeout == std::chrono::seconds(90));
  CHECK(config->find("b")->list_timeout == std::chrono::seconds(600));
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "list_timeout_s": 0}}})") ==
        "/etc/pc.json: providers.a.list_timeout_s: expected a positive integer");
  CHECK(config_error(R"({"providers": {"a": {"type": "testcloud", "list_timeout_s": 86401}}})") ==
        "/etc/pc.json: providers.a.list_timeout_s: expected at most 86400 (one day)");
}

TEST_CASE("keep_unusable: a provider block with a mistake is kept aside with its error, the others load") {
  register_test_type();
  auto const text = R"({"providers": {"good": {"type": "testcloud", "token": "long-enough"},
                                       "typo": {"type": "testcloud", "tokn": "x"},
                                       "unset": {"type": "testcloud", "token": "${NOPE}"},
                                       "later": {"type": "testcloud"}}})";
  // Without the option the first mistake is the load's error, as before.
  auto refused = parse_config(text, "/etc/pc.json", env_of({}));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message == "/etc/pc.json: providers.typo.tokn: unknown key for provider type testcloud (did you mean `token`?)");

  auto config = parse_config(text, "/etc/pc.json", env_of({}), ConfigOptions{.keep_unusable = true});
  REQUIRE(config.has_value());
  std::vector<std::string> names;
  for (auto const& provider : config->providers) names.push_back(provider.name);
  CHECK(names == std::vector<std::string>{"good", "later"});
  REQUIRE(config->unusable.size() == 2);
  CHECK(config->unusable[0].name == "typo");
  CHECK(config->unusable[0].type == "testcloud");
  CHECK(config->unusable[0].error.message == refused.error().message);
  CHECK(config->unusable[1].name == "unset");
  CHECK(config->unusable[1].error.kind == ErrorKind::config);
  CHECK(config->unusable[1].error.message == "/etc/pc.json: providers.unset.token: environment variable NOPE is not set");
  CHECK(config->find("unset") == nullptr);
  REQUIRE(config->find_unusable("unset") != nullptr);
  CHECK(config->find_unusable("good") == nullptr);
  auto const failure = config->find_unusable("unset")->failure_of("list");
  CHECK(failure.provider == "unset");
  CHECK(failure.operation == "list");
  CHECK(failure.kind == ErrorKind::config);

  // A block that is not even an object, or names no type, is kept too (its type empty).
  auto odd = parse_config(R"({"providers": {"a": 1, "b": {"type": 3}, "c": {"type": "testcloud"}}})", "/etc/pc.json",
                          env_of({}), ConfigOptions{.keep_unusable = true});
  REQUIRE(odd.has_value());
  REQUIRE(odd->unusable.size() == 2);
  CHECK(odd->unusable[0].type.empty());
  CHECK(odd->unusable[1].type.empty());
  CHECK(odd->providers.size() == 1);

  // Mistakes outside the blocks still fail the load.
  for (auto const* broken : {R"({"providers": {"a": {"type": "testcloud"}}, "extra": 1})", "{",
                             R"({"providers": {"a": {"type": "testcloud"}, "a": {"type": "testcloud"}}})",
                             R"({"providers": {"bad name!": {"type": "testcloud"}}})"}) {
    CAPTURE(broken);
    CHECK_FALSE(parse_config(broken, "/etc/pc.json", env_of({}), ConfigOptions{.keep_unusable = true}).has_value());
  }
}
