// Config input a careless or hostile file could give: header injection, oversized files, credentials in
// URLs, short tokens, loose permissions, huge timeouts; and errors that help the user fix a typo.
#include "config_fixtures.hpp"

#include <filesystem>
#include <string>

#include <sys/stat.h>

using namespace polycloud;
using namespace polycloud_test;

namespace {
std::string const injection_refused =
    "contains a CR, LF or NUL character, which a credential or header value must not hold";

std::string block_with(std::string const& key_and_value) {
  return R"({"providers": {"a": {"type": "testcloud", )" + key_and_value + "}}}";
}
}  // namespace

TEST_CASE("CR LF and NUL are refused in a token from the file and from an environment variable") {
  CHECK(config_error(block_with(R"("token": "good-token\r\nX-Evil: 1")")) ==
        "/etc/pc.json: providers.a.token: " + injection_refused);
  CHECK(config_error(block_with(R"("token": "good-token\u0000more")")) ==
        "/etc/pc.json: providers.a.token: " + injection_refused);
  auto const from_env = config_error(block_with(R"("token": "${TOKEN}")"), env_of({{"TOKEN", "good-token\nX-Evil: 1"}}));
  CHECK(from_env == "/etc/pc.json: providers.a.token: " + injection_refused);
  CHECK(from_env.find("good-token") == std::string::npos);
  CHECK(from_env.find("X-Evil") == std::string::npos);
}

TEST_CASE("CR LF and NUL are refused in api_key and in provider-specific values") {
  CHECK(config_error(block_with(R"("api_key": "key-id:secret\rX")")) ==
        "/etc/pc.json: providers.a.api_key: " + injection_refused);
  CHECK(config_error(block_with(R"("project_id": "${P}")"), env_of({{"P", "default\r\nHost: evil"}})) ==
        "/etc/pc.json: providers.a.project_id: " + injection_refused);
}

TEST_CASE("a token_file with a line break inside the token is refused but its trailing newline is trimmed") {
  register_test_type();
  TempDir dir;
  auto const injected = dir.write("injected.token", "good-token\r\nX-Evil: 1\n");
  auto const with_nul = dir.write("nul.token", std::string("good-token\0tail\n", 16));
  for (auto const& file : {injected, with_nul}) {
    auto const message = config_error(block_with(R"("token_file": ")" + file.string() + R"(")"));
    CHECK(message == "/etc/pc.json: providers.a.token_file: " + injection_refused);
    CHECK(message.find("good-token") == std::string::npos);
  }
}

TEST_CASE("a token_file larger than 64 KiB and /dev/zero fail with a config error naming the file") {
  register_test_type();
  TempDir dir;
  auto const big = dir.write("big.token", std::string((64u << 10) + 1, 'a'));
  CHECK(config_error(block_with(R"("token_file": ")" + big.string() + R"(")")) ==
        "/etc/pc.json: providers.a.token_file: cannot read token file " + big.string() +
            ": larger than the 64 KiB limit");
  CHECK(config_error(block_with(R"("token_file": "/dev/zero")")) ==
        "/etc/pc.json: providers.a.token_file: cannot read token file /dev/zero: not a regular file (a character device)");
  auto const at_limit = dir.write("limit.token", std::string(64u << 10, 'a'));
  CHECK(parse_config(block_with(R"("token_file": ")" + at_limit.string() + R"(")"), "x.json", env_of({})).has_value());
}

// Found by fuzz_config: a token_file naming a FIFO blocked loading forever (open waits for a writer),
// and /dev/stdin would wait for the user. Without the check this test hangs until ctest's timeout.
TEST_CASE("a token_file that is a FIFO or a directory or a device is refused without blocking") {
  register_test_type();
  TempDir dir;
  auto const fifo = dir.path / "token.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(config_error(block_with(R"("token_file": ")" + fifo.string() + R"(")")) ==
        "/etc/pc.json: providers.a.token_file: cannot read token file " + fifo.string() + ": not a regular file (a FIFO)");
  CHECK(config_error(block_with(R"("token_file": ")" + dir.path.string() + R"(")")) ==
        "/etc/pc.json: providers.a.token_file: cannot read token file " + dir.path.string() +
            ": not a regular file (a directory)");
  CHECK(config_error(block_with(R"("token_file": "/dev/null")")) ==
        "/etc/pc.json: providers.a.token_file: cannot read token file /dev/null: not a regular file (a character device)");
  // A symlink to a regular file is still a regular file.
  auto const target = dir.write("real.token", "linked-token-123\n");
  std::filesystem::create_symlink(target, dir.path / "link.token");
  auto const linked = parse_config(block_with(R"("token_file": ")" + (dir.path / "link.token").string() + R"(")"),
                                   "x.json", env_of({}));
  REQUIRE(linked.has_value());
  CHECK(linked->providers.front().token.reveal() == "linked-token-123");
}

TEST_CASE("a config file larger than 4 MiB fails with a config error naming the file") {
  TempDir dir;
  auto const big = dir.write("big.json", std::string((4u << 20) + 1, ' '));
  auto const too_big = load_config_file(big, env_of({}));
  REQUIRE_FALSE(too_big.has_value());
  CHECK(too_big.error().kind == ErrorKind::config);
  CHECK(too_big.error().message == big.string() + ": cannot read config file: larger than the 4 MiB limit");
}

TEST_CASE("an unreadable config file gives the OS reason - a directory is not a regular file") {
  TempDir dir;
  auto const missing = load_config_file(dir.path / "missing.json", env_of({}));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message == (dir.path / "missing.json").string() + ": cannot read config file: No such file or directory");
  auto const directory = load_config_file(dir.path, env_of({}));
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().message == dir.path.string() + ": cannot read config file: not a regular file (a directory)");
}

TEST_CASE("user:password@ in an endpoint is refused without echoing it") {
  auto const message = config_error(block_with(R"("endpoint": "https://admin:hunter2-pass@api.example.com/v1")"));
  CHECK(message == "/etc/pc.json: providers.a.endpoint: must not hold credentials (user:password@); give them as "
                   "\"token\" or \"token_file\"");
  auto const unparsable = config_error(block_with(R"("endpoint": "ftp://admin:hunter2-pass@api.example.com")"));
  CHECK(unparsable.find("hunter2") == std::string::npos);
}

TEST_CASE("an invalid endpoint is shown without the provider's credential in it") {
  // Found by fuzz_config: ${TOKEN} expanded into an endpoint was echoed in the error.
  auto const env = env_of({{"TOKEN", "env-Token-0123456789"}});
  auto const message =
      config_error(block_with(R"("token": "${TOKEN}", "endpoint": "htps|//api.example${TOKEN}")"), env);
  CHECK(message.find("env-Token-0123456789") == std::string::npos);
  CHECK(message.find("htps|//api.exampleREDACTED") != std::string::npos);
}

TEST_CASE("an unknown provider type is shown as written and never with a variable expanded") {
  // Found by fuzz_config: a type holding ${TOKEN}, with ${TOKEN} also the token, was echoed expanded
  // (the type is checked before the token is read, so scrubbing could not know the value).
  auto const env = env_of({{"TOKEN", "env-Token-0123456789"}});
  auto const message = config_error(R"({"providers": {"a": {"type": "x${TOKEN}", "token": "${TOKEN}"}}})", env);
  CHECK(message.find("env-Token-0123456789") == std::string::npos);
  CHECK(message.find("unknown provider type \"x${TOKEN}\"") != std::string::npos);
}

TEST_CASE("tokens and api keys shorter than 8 characters are refused") {
  CHECK(config_error(block_with(R"("token": "t")")) ==
        "/etc/pc.json: providers.a.token: a credential must be at least 8 characters");
  CHECK(config_error(block_with(R"("api_key": "${K}")"), env_of({{"K", "a:b"}})) ==
        "/etc/pc.json: providers.a.api_key: a credential must be at least 8 characters");
  TempDir dir;
  auto const short_file = dir.write("short.token", "seven77\n");
  CHECK(config_error(block_with(R"("token_file": ")" + short_file.string() + R"(")")) ==
        "/etc/pc.json: providers.a.token_file: a credential must be at least 8 characters");
  CHECK(parse_config(block_with(R"("token": "eight888")"), "x.json", env_of({})).has_value());
}

TEST_CASE("timeout_s is bounded to one day") {
  CHECK(config_error(block_with(R"("timeout_s": 86401)")) ==
        "/etc/pc.json: providers.a.timeout_s: expected at most 86400 (one day)");
  CHECK(config_error(block_with(R"("timeout_s": 9223372036854775807)")) ==
        "/etc/pc.json: providers.a.timeout_s: expected at most 86400 (one day)");
  auto const day = parse_config(block_with(R"("timeout_s": 86400)"), "x.json", env_of({}));
  REQUIRE(day.has_value());
  CHECK(day->providers[0].timeout == std::chrono::hours(24));
}

TEST_CASE("invalid JSON is reported with its line and column") {
  CHECK(config_error("{\n  \"providers\": {\n    \"a\": x\n  }\n}") ==
        "/etc/pc.json: (document): invalid JSON at line 3, column 10: syntax error");
  CHECK(config_error("{").find("/etc/pc.json: (document): invalid JSON at line 1, column 2: ") == 0);
}

TEST_CASE("a mistyped key gets a suggestion and a far-off one does not") {
  CHECK(config_error(R"({"provider": {}})") ==
        "/etc/pc.json: provider: unknown key (expected \"providers\") (did you mean `providers`?)");
  CHECK(config_error(block_with(R"("projectid": "x")")) ==
        "/etc/pc.json: providers.a.projectid: unknown key for provider type testcloud (did you mean `project_id`?)");
  CHECK(config_error(block_with(R"("colour": "x")")) ==
        "/etc/pc.json: providers.a.colour: unknown key for provider type testcloud");
  CHECK(config_error(block_with(R"("aliases": {"sizes": {}})")) ==
        "/etc/pc.json: providers.a.aliases.sizes: unknown alias table (expected size, image or region) (did you mean "
        "`size`?)");
}

TEST_CASE("a config file or token file holding a credential that others can read gets a warning") {
  register_test_type();
  TempDir dir;
  auto const token_file = dir.write("kt.token", "token-from-file\n");
  auto const with_literal = dir.write("literal.json", block_with(R"("token": "literal-token")"));
  auto const with_file = dir.write("file.json", block_with(R"("token_file": ")" + token_file.string() + R"(")"));
  auto const with_variable = dir.write("variable.json", block_with(R"("token": "${TOKEN}")"));
  auto const env = env_of({{"TOKEN", "from-the-environment"}});
  auto warnings_of = [&](fs::path const& file) {
    auto config = load_config_file(file, env);
    REQUIRE(config.has_value());
    return config->warnings;
  };
  for (auto const& file : {token_file, with_literal, with_file, with_variable})
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  CHECK(warnings_of(with_literal).empty());
  CHECK(warnings_of(with_file).empty());

  fs::permissions(with_literal, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  CHECK(warnings_of(with_literal) ==
        std::vector<std::string>{"config file (it holds a credential) " + with_literal.string() +
                                 " is accessible by group or others (mode 0644); run chmod 600 " +
                                 with_literal.string()});
  fs::permissions(token_file, fs::perms::others_read, fs::perm_options::add);
  CHECK(warnings_of(with_file) == std::vector<std::string>{"token file " + token_file.string() +
                                                           " is accessible by group or others (mode 0604); run "
                                                           "chmod 600 " + token_file.string()});
  // A file that only refers to a variable holds no secret: readable is fine, writable is not.
  fs::permissions(with_variable, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  CHECK(warnings_of(with_variable).empty());
  fs::permissions(with_variable, fs::perms::others_write, fs::perm_options::add);
  CHECK(warnings_of(with_variable) == std::vector<std::string>{"config file " + with_variable.string() +
                                                               " is writable by group or others (mode 0646); run "
                                                               "chmod go-w " + with_variable.string()});
}

// Issue 22, defect 3: Boost.URL's port_number() wrapped 107583 to 42047, sending the token there.
TEST_CASE("an endpoint port outside 1 to 65535 is a config error naming the key") {
  for (std::string const port : {"107583", "65536", "0", "99999999999999999999"}) {
    CHECK_MESSAGE(config_error(block_with(R"("endpoint": "http://127.0.0.1:)" + port + R"(/v1")")) ==
                      "/etc/pc.json: providers.a.endpoint: expected a port from 1 to 65535",
                  port);
  }
  for (std::string const port : {"1", "65535", "08080"}) {
    CHECK_MESSAGE(parse_config(block_with(R"("endpoint": "http://127.0.0.1:)" + port + R"(/v1")"), "x.json", env_of({}))
                      .has_value(),
                  port);
  }
}

// Issue 22, defect 10: `providers` printed ?api_key=… and every request silently dropped the query.
TEST_CASE("an endpoint with a query or a fragment is refused without echoing either") {
  std::string const refused = "/etc/pc.json: providers.a.endpoint: must not have a query (?…) or a fragment (#…); "
                              "give credentials as \"token\" or \"token_file\"";
  CHECK(config_error(block_with(R"("endpoint": "https://api.example.com/v1?api_key=query-Secret-123")")) == refused);
  CHECK(config_error(block_with(R"("endpoint": "https://api.example.com/v1?")")) == refused);
  CHECK(config_error(block_with(R"("endpoint": "https://api.example.com/v1#frag-Secret-123")")) == refused);
  // An endpoint that does not parse is shown, but never from its query on.
  auto const unparsable = config_error(block_with(R"("endpoint": "htps:// bad?api_key=query-Secret-123")"));
  CHECK(unparsable.find("query-Secret-123") == std::string::npos);
  CHECK(unparsable.find("\"htps:// bad?… (not shown)\"") != std::string::npos);
}

// Issue 22, defect 6: names reach shell completion word lists, tables and arguments.
TEST_CASE("a provider name outside the documented character set is refused naming it as a JSON string") {
  std::string const rule =
      ": a provider name must be 1 to 63 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit";
  auto named = [](std::string const& name) { return R"({"providers": {)" + name + R"(: {"type": "testcloud"}}})"; };
  CHECK(config_error(named(R"x("a$(touch pwned)")x")) == "/etc/pc.json: providers.\"a$(touch pwned)\"" + rule);
  CHECK(config_error(named(R"("a`id`")")) == "/etc/pc.json: providers.\"a`id`\"" + rule);
  CHECK(config_error(named(R"("")")) == "/etc/pc.json: providers.\"\"" + rule);
  CHECK(config_error(named(R"("-a")")) == "/etc/pc.json: providers.\"-a\"" + rule);
  CHECK(config_error(named(R"("a b")")) == "/etc/pc.json: providers.\"a b\"" + rule);
  CHECK(config_error(named(R"("a\u001b[31m")")) == "/etc/pc.json: providers.\"a\\u001b[31m\"" + rule);
  CHECK(config_error(named(R"("zo\u00eb")")) == "/etc/pc.json: providers.\"zo\u00eb\"" + rule);
  CHECK(config_error(named("\"" + std::string(64, 'a') + "\"")).find(rule) != std::string::npos);
  register_test_type();
  for (std::string const& good : {std::string("a"), std::string("alg.eu-1_b"), std::string("9"), std::string(63, 'z')})
    CHECK_MESSAGE(parse_config(named("\"" + good + "\""), "x.json", env_of({})).has_value(), good);
}

// Issue 22, defect 11: "~/tok" with HOME unset read the literal path "~/tok", with HOME empty "./tok".
TEST_CASE("a path starting with ~/ is a config error naming the key when HOME is unset or empty") {
  for (auto const& env : {env_of({}), env_of({{"HOME", ""}})}) {
    CHECK(config_error(block_with(R"("token_file": "~/tok")"), env) ==
          "/etc/pc.json: providers.a.token_file: starts with ~/ but HOME is not set (or empty)");
    CHECK(config_error(block_with(R"("ca_file": "~/ca.pem")"), env) ==
          "/etc/pc.json: providers.a.ca_file: starts with ~/ but HOME is not set (or empty)");
  }
  TempDir dir;
  dir.write("tok", "home-token-123\n");
  auto const config = parse_config(block_with(R"("token_file": "~/tok", "ca_file": "~/ca.pem")"), "x.json",
                                   env_of({{"HOME", dir.path.string()}}));
  REQUIRE(config.has_value());
  CHECK(config->providers[0].token.reveal() == "home-token-123");
  CHECK(config->providers[0].ca_file == (dir.path / "ca.pem").string());
}

// Issue 22, defect 12: VT, FF, DEL, ESC and TAB went raw into the Authorization header.
TEST_CASE("a credential with a control character or an outer space is refused naming the key only") {
  std::string const refused = "holds a control character or a leading or trailing space, which an HTTP header value "
                              "must not (RFC 9110 field-value)";
  // Built as escaped JSON text, not raw strings, so the credential scan does not take them for tokens.
  auto member = [](std::string const& key, std::string const& value) { return "\"" + key + "\": \"" + value + "\""; };
  for (std::string const bad : {"\\u000b", "\\f", "\\u007f", "\\u001b", "\\t"}) {
    auto const message = config_error(block_with(member("token", "good-token" + bad + "tail")));
    CHECK_MESSAGE(message == "/etc/pc.json: providers.a.token: " + refused, bad);
    CHECK(message.find("good-token") == std::string::npos);
    CHECK(config_error(block_with(member("api_key", "key-id:sec" + bad + "ret"))) ==
          "/etc/pc.json: providers.a.api_key: " + refused);
  }
  CHECK(config_error(block_with(member("token", " good-token"))) == "/etc/pc.json: providers.a.token: " + refused);
  CHECK(config_error(block_with(R"("token": "${T}")"), env_of({{"T", "good\x1b[2Jtoken"}})) ==
        "/etc/pc.json: providers.a.token: " + refused);
  TempDir dir;
  auto const with_escape = dir.write("esc.token", "good\x1btoken\n");
  CHECK(config_error(block_with(R"("token_file": ")" + with_escape.string() + R"(")")) ==
        "/etc/pc.json: providers.a.token_file: " + refused);
  // Visible characters, inner spaces and obs-text (UTF-8 bytes) are field-value.
  CHECK(parse_config(block_with(R"("token": "tok en~!#$%&'*+-.^_`|\u00e9")"), "x.json", env_of({})).has_value());
}

TEST_CASE("a key written twice is a config error naming the key path and both lines") {
  CHECK(config_error("{\"providers\": {\n  \"a\": {\"type\": \"testcloud\",\n    \"endpoint\": \"https://reviewed.example\",\n"
                     "    \"endpoint\": \"https://evil.example\"}}}") ==
        "/etc/pc.json: providers.a.endpoint: duplicate key, on line 3 and again on line 4");
  CHECK(config_error("{\"providers\": {\"a\": {\"type\": \"testcloud\"},\n\n \"a\": {\"type\": \"testcloud\"}}}") ==
        "/etc/pc.json: providers.a: duplicate key, on line 1 and again on line 3");
  // Keys compare decoded, and nesting inside arrays is named by index.
  CHECK(config_error(R"({"providers": {}, "x": [{"k": 1}, {"k": 1, "\u006b": 2}]})") ==
        "/etc/pc.json: x[1].k: duplicate key, on line 1 and again on line 1");
  CHECK(config_error("{\"providers\": {}, \"providers\": {}}") ==
        "/etc/pc.json: providers: duplicate key, on line 1 and again on line 1");
  // The same key in different objects is no duplicate.
  register_test_type();
  CHECK(parse_config(R"({"providers": {"a": {"type": "testcloud"}, "b": {"type": "testcloud"}}})", "x.json", env_of({}))
            .has_value());
}

// Issue 22, defect 7: the token_file rule applies to the config file itself.
TEST_CASE("a config file that is a FIFO or a device is refused without blocking") {
  TempDir dir;
  auto const fifo = dir.path / "config.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto const from_fifo = load_config_file(fifo, env_of({}));
  REQUIRE_FALSE(from_fifo.has_value());
  CHECK(from_fifo.error().message == fifo.string() + ": cannot read config file: not a regular file (a FIFO)");
  auto const zero = load_config_file("/dev/zero", env_of({}));
  REQUIRE_FALSE(zero.has_value());
  CHECK(zero.error().message == "/dev/zero: cannot read config file: not a regular file (a character device)");
}
