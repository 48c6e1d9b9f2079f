// The CLI on careless or hostile input files: each is a config error (exit 2) naming the file or key,
// never the credential, and never a crash.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {
std::string fake_with(std::string const& extra) {
  return R"({"providers": {"a": {"type": "fake", "instances": 1, )" + extra + "}}}";
}

std::size_t count_lines(std::string const& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST_CASE("a token holding CR LF is a config error naming the key and not the value") {
  CliFixture cli;
  auto result = cli.run_with(cli.write_config(fake_with(R"("token": "good-token\r\nX-Injected: 1")")), {"list"});
  CHECK(result.exit_code == 2);
  CHECK(count_lines(result.err) == 1);
  CHECK(result.err.find("providers.a.token: contains a CR, LF or NUL character") != std::string::npos);
  CHECK(result.err.find("good-token") == std::string::npos);
  CHECK(result.err.find("X-Injected") == std::string::npos);
}

TEST_CASE("dev-zero as token_file or as config or as spec file is a config error naming the file") {
  CliFixture cli;
  auto token_file = cli.run_with(cli.write_config(fake_with(R"("token_file": "/dev/zero")")), {"list"});
  CHECK(token_file.exit_code == 2);
  CHECK(token_file.err.find("cannot read token file /dev/zero: not a regular file (a character device)") != std::string::npos);

  auto config = cli.run_with("/dev/zero", {"list"});
  CHECK(config.exit_code == 2);
  CHECK(config.err == "polycloud: config: /dev/zero: cannot read config file: not a regular file (a character device)\n");

  auto spec = cli.run_with(cli.write_config(fake_with(R"("token": "fake-token")")),
                           {"create", "a", "--spec", "/dev/zero"});
  CHECK(spec.exit_code == 2);
  CHECK(spec.err.find("cannot read spec file /dev/zero: larger than the 4 MiB limit") != std::string::npos);
}

TEST_CASE("a config holding a token that others can read still works and warns on stderr") {
  CliFixture cli;
  auto const config = cli.write_config(fake_with(R"("token": "literal-token-1234")"));
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
  auto result = cli.run_with(config, {"providers", "-o", "json"});
  CHECK(result.exit_code == 0);
  CHECK(result.err == "polycloud: warning: config file (it holds a credential) " + config +
                          " is accessible by group or others (mode 0644); run chmod 600 " + config + "\n");
  CHECK(result.err.find("literal-token-1234") == std::string::npos);
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
  CHECK(cli.run_with(config, {"providers"}).err.empty());
}

TEST_CASE("config errors help: a typo gets a suggestion and no HOME still lists what was searched") {
  CliFixture cli;
  auto typo = cli.run_with(cli.write_config(fake_with(R"("tokn": "fake-token")")), {"list"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("providers.a.tokn: unknown key for provider type fake (did you mean `token`?)") !=
        std::string::npos);

  auto homeless = run_process({POLYCLOUD_CLI_BINARY, "list"},
                              {{"POLYCLOUD_CONFIG", ""}, {"XDG_CONFIG_HOME", ""}, {"HOME", ""}, {"NO_COLOR", "1"}});
  CHECK(homeless.exit_code == 2);
  CHECK(homeless.err.find("$HOME/.config/polycloud/config.json ($HOME not set)") != std::string::npos);
}
