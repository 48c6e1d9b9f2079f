// Usage mistakes are the CLI's own failure (exit_code.hpp's UsageError), never a library error kind:
// they print "usage" and exit 2, while a config file problem keeps the library's kind `config`.
#include "cli_fixture.hpp"

#include "tools/polycloud/commands/exit_code.hpp"

#include <doctest/doctest.h>

#include <type_traits>

TEST_CASE("usage errors: a CLI-side type - not the library's Error with a marker") {
  using polycloud::cli::Failure;
  using polycloud::cli::UsageError;
  auto const mistake = polycloud::cli::usage_error("typed the wrong thing", "a", "delete");
  static_assert(std::is_same_v<std::remove_cv_t<decltype(mistake)>, UsageError>);
  Failure const failure = mistake;
  CHECK(std::holds_alternative<UsageError>(failure));
  Failure const library = polycloud::make_error(polycloud::ErrorKind::config, "bad file");
  CHECK(std::holds_alternative<polycloud::Error>(library));
  CHECK(polycloud::cli::exit_code_for(polycloud::ErrorKind::config) == polycloud::cli::ExitCode::usage);
}

TEST_CASE("usage errors through the binary: the word usage and exit 2 - a config file problem stays config") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  auto fields = cli.run_with(config, {"list", "--fields", "nmae"});
  CHECK(fields.exit_code == 2);
  CHECK(fields.err.find("polycloud: output: usage: --fields: unknown field \"nmae\"") != std::string::npos);
  auto both = cli.run({"--config", config, "--profile", "lab", "providers"});
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("usage:") != std::string::npos);
  auto const broken = cli.write_config(R"({"providers": {"a": {"type": "no-such-type"}}})", "broken.json");
  auto bad_file = cli.run_with(broken, {"providers"});
  CHECK(bad_file.exit_code == 2);
  CHECK(bad_file.err.find("config") != std::string::npos);
  CHECK(bad_file.err.find("usage:") == std::string::npos);
  // A format watch does not print is the command line's mistake, found with no config at all (it was a
  // config error found after reading one).
  for (auto const* format : {"csv", "json", "value"}) {
    CAPTURE(format);
    auto watch = cli.run({"--config", (cli.dir() / "absent.json").string(), "watch", "-o", format});
    CHECK(watch.exit_code == 2);
    CHECK(watch.err == "polycloud: watch: usage: --output " + std::string(format) +
                           ": watch prints ndjson (the default) or a live table (-o table); `polycloud diff` prints "
                           "csv and value\n");
    CHECK(watch.out.empty());
  }
}
