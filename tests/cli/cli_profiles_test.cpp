// Profiles through the real binary: named configs under the config directory, chosen by --profile,
// $POLYCLOUD_PROFILE or `config profiles use`, and their precedence with --config and $POLYCLOUD_CONFIG.
#include "cli_fixture.hpp"
#include "zsh_tab.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

/// A config directory of its own ($XDG_CONFIG_HOME in the fixture): config.json names provider
/// "home", profiles/lab.json providers "a" and "b".
class Profiles {
 public:
  Profiles() : directory_(cli_.dir() / "xdg" / "polycloud") {
    fs::create_directories(directory_ / "profiles");
    write(directory_ / "config.json", R"({"providers": {"home": {"type": "fake"}}})");
    write(directory_ / "profiles" / "lab.json", two_fakes);
  }

  /// `polycloud ARGS…` with only `env` choosing a config (neither variable is inherited).
  ProcessResult run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    args.insert(args.begin(), POLYCLOUD_CLI_BINARY);
    env.try_emplace("POLYCLOUD_CONFIG", "");
    env.try_emplace("POLYCLOUD_PROFILE", "");
    env["XDG_CONFIG_HOME"] = (cli_.dir() / "xdg").string();
    env["XDG_CACHE_HOME"] = (cli_.dir() / "cache").string();
    env["NO_COLOR"] = "1";
    return run_process(args, env);
  }

  /// The configured provider names the command line sees, space-separated.
  std::string providers(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    args.insert(args.end(), {"providers", "-o", "value", "--fields", "name"});
    auto result = run(args, env);
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 0);
    std::string names;
    for (auto const& line : lines_of(result.out)) names += (names.empty() ? "" : " ") + line;
    return names;
  }

  fs::path const& directory() const { return directory_; }
  CliFixture& cli() { return cli_; }

 private:
  static void write(fs::path const& path, std::string const& text) { std::ofstream(path) << text; }

  CliFixture cli_;
  fs::path directory_;
};

}  // namespace

TEST_CASE("profiles: --profile - then $POLYCLOUD_PROFILE - choose a named config over config.json") {
  Profiles profiles;
  CHECK(profiles.providers({}) == "home");  // no choice: config.json, as before profiles
  CHECK(profiles.providers({"--profile", "lab"}) == "a b");
  CHECK(profiles.providers({}, {{"POLYCLOUD_PROFILE", "lab"}}) == "a b");
  CHECK(profiles.providers({"--profile", "default"}, {{"POLYCLOUD_PROFILE", "lab"}}) == "home");  // a flag beats a variable
  auto const file = profiles.cli().write_config(R"({"providers": {"file": {"type": "fake"}}})", "file.json");
  CHECK(profiles.providers({}, {{"POLYCLOUD_CONFIG", file}, {"POLYCLOUD_PROFILE", "lab"}}) == "file");
  CHECK(profiles.providers({"--profile", "lab"}, {{"POLYCLOUD_CONFIG", file}}) == "a b");

  auto both = profiles.run({"--config", file, "--profile", "lab", "providers"});
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("usage: --config names a file and --profile a profile: give one of them") != std::string::npos);
  auto missing = profiles.run({"--profile", "staging", "providers"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("profile \"staging\" (chosen by --profile) has no config") != std::string::npos);
  CHECK(missing.err.find("polycloud --profile staging config init") != std::string::npos);
  auto escape = profiles.run({"--profile", "../lab", "providers"});
  CHECK(escape.exit_code == 2);
  CHECK(escape.err.find("usage: profile name \"../lab\"") != std::string::npos);
}

TEST_CASE("profiles: config profiles use saves the choice - list marks it - show says what chose the file") {
  Profiles profiles;
  auto listed = profiles.run({"config", "profiles", "list", "-o", "csv", "--fields", "name,active"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out == "name,active\r\ndefault,true\r\nlab,false\r\n");

  auto used = profiles.run({"config", "profiles", "use", "lab"});
  CHECK(used.exit_code == 0);
  CHECK(mode_of(profiles.directory() / "active_profile") == 0600u);
  CHECK(profiles.providers({}) == "a b");
  listed = profiles.run({"config", "profiles", "list", "-o", "csv", "--fields", "name,active"});
  CHECK(listed.out == "name,active\r\ndefault,false\r\nlab,true\r\n");
  auto shown = profiles.run({"config", "profiles", "show", "-o", "json"});
  CHECK(shown.exit_code == 0);
  auto const record = parse_output(shown.out);
  CHECK(record.at("profile").as_string() == "lab");
  CHECK(record.at("chosen_by").as_string() == "config profiles use");
  CHECK(record.at("path").as_string() == (profiles.directory() / "profiles" / "lab.json").string());
  // Anything given for this command still beats the saved choice.
  auto const file = profiles.cli().write_config(R"({"providers": {"file": {"type": "fake"}}})", "file.json");
  CHECK(profiles.providers({"--config", file}) == "file");
  CHECK(profiles.providers({}, {{"POLYCLOUD_CONFIG", file}}) == "file");
  auto by_flag = parse_output(profiles.run({"--config", file, "config", "profiles", "show", "-o", "json"}).out);
  CHECK(by_flag.at("profile").is_null());
  CHECK(by_flag.at("chosen_by").as_string() == "--config");

  auto absent = profiles.run({"config", "profiles", "use", "staging"});
  CHECK(absent.exit_code == 2);
  CHECK(profiles.providers({}) == "a b");  // the saved choice is unchanged
  CHECK(profiles.run({"config", "profiles", "use", "default"}).exit_code == 0);
  CHECK(profiles.providers({}) == "home");
}

TEST_CASE("profiles: config providers add with --profile creates that profile's file 0600") {
  Profiles profiles;
  auto added = profiles.run({"--profile", "staging", "config", "providers", "add", "stage", "--type", "fake"});
  INFO("stderr: ", added.err);
  CHECK(added.exit_code == 0);
  auto const path = profiles.directory() / "profiles" / "staging.json";
  CHECK(mode_of(path) == 0600u);
  CHECK(profiles.providers({"--profile", "staging"}) == "stage");
  auto listed = profiles.run({"config", "profiles", "list", "-o", "value", "--fields", "name"});
  CHECK(listed.out == "default\nlab\nstaging\n");
}

TEST_CASE("profiles: bash and zsh completion offer the providers of the --profile on the line") {
  Profiles profiles;
  auto& cli = profiles.cli();
  // Not `bin_dir`: cli_completion_subcommands_test.cpp has one at namespace scope, and unity batches put
  // the two files together (clang's -Wshadow under asan-ubsan).
  auto const cli_dir = std::filesystem::path(POLYCLOUD_CLI_BINARY).parent_path().string();
  std::map<std::string, std::string> const shell_env{{"PATH", cli_dir + ":/usr/bin:/bin"},
                                                     {"POLYCLOUD_CONFIG", ""},
                                                     {"POLYCLOUD_PROFILE", ""},
                                                     {"XDG_CONFIG_HOME", (cli.dir() / "xdg").string()},
                                                     {"XDG_CACHE_HOME", (cli.dir() / "cache").string()},
                                                     {"TMPDIR", cli.dir().string()}};
  auto const bash_script = cli.write_config(profiles.run({"completion", "bash"}).out, "polycloud.bash");
  auto bash = [&](std::string const& words) {
    auto const program = "source '" + bash_script + "'; COMP_WORDS=(" + words +
                         "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _polycloud; printf '%s\\n' \"${COMPREPLY[@]}\"";
    auto result = run_process({"/bin/bash", "-c", program}, shell_env);
    INFO("stderr: ", result.err);
    return result.out;
  };
  CHECK(bash("polycloud --profile lab list --provider ''") == "a\nb\n");
  CHECK(bash("polycloud list --profile = lab --provider ''") == "a\nb\n");  // --profile=lab
  CHECK(bash("polycloud list --provider ''") == "home\n");                // none: config.json
  // Instance ids are cached per config: the profile's own, not the default's.
  CHECK(bash("polycloud --profile lab get a fake-100") == "fake-1000\nfake-1001\nfake-1002\nfake-1003\n");

  auto const zsh_script = cli.write_config(profiles.run({"completion", "zsh"}).out, "_polycloud");
  auto const driver = cli.write_config(zsh_tab, "tab.zsh");
  auto zsh = [&](std::string const& line) {
    auto result = run_process({"/usr/bin/env", "zsh", "-f", driver, zsh_script, line}, shell_env,
                              std::chrono::seconds(30));
    std::string candidates;
    for (auto const& candidate : zsh_tab_candidates(result.out)) candidates += (candidates.empty() ? "" : " ") + candidate;
    return candidates;
  };
  CHECK(zsh("polycloud --profile lab list --provider ") == "a b");
  CHECK(zsh("polycloud list --provider ") == "home");
}

TEST_CASE("profiles: fish completion offers the providers of the --config or --profile on the line") {
  Profiles profiles;
  auto& cli = profiles.cli();
  if (run_process({"/bin/sh", "-c", "command -v fish"}, {}).exit_code != 0) {
    MESSAGE("fish is not installed: its completion is not tested here (scripts/install-deps installs it)");
    return;
  }
  auto const cli_dir = std::filesystem::path(POLYCLOUD_CLI_BINARY).parent_path().string();
  auto const script = cli.write_config(profiles.run({"completion", "fish"}).out, "polycloud.fish");
  // The line reaches `complete -C` through a variable: fish never splits or evaluates a variable's value.
  auto fish = [&](std::string const& line) {
    auto result = run_process({"/usr/bin/env", "fish", "--no-config", "-c", "source " + script + "; complete -C $LINE"},
                              {{"PATH", cli_dir + ":/usr/bin:/bin"},
                               {"HOME", cli.dir().string()},
                               {"POLYCLOUD_CONFIG", ""},
                               {"POLYCLOUD_PROFILE", ""},
                               {"XDG_CONFIG_HOME", (cli.dir() / "xdg").string()},
                               {"XDG_CACHE_HOME", (cli.dir() / "cache").string()},
                               {"LINE", line}},
                              std::chrono::seconds(30));
    INFO("stderr: ", result.err);
    std::string candidates;
    for (auto const& candidate : lines_of(result.out))
      if (!candidate.empty()) candidates += (candidates.empty() ? "" : " ") + candidate.substr(0, candidate.find('\t'));
    return candidates;
  };
  auto const lab = (profiles.directory() / "profiles" / "lab.json").string();
  CHECK(fish("polycloud --profile lab list --provider ") == "a b");
  CHECK(fish("polycloud list --profile=lab --provider ") == "a b");
  CHECK(fish("polycloud list --provider ") == "home");  // none: config.json
  CHECK(fish("polycloud --config '" + lab + "' get ") == "a b");  // a command's provider argument, the path quoted
  CHECK(fish("polycloud --config=" + lab + " stop ") == "a b");
  CHECK(fish("polycloud --config ~/xdg/polycloud/profiles/lab.json list --provider ") == "a b");
  CHECK(fish("polycloud --config '" + (cli.dir() / "absent.json").string() + "' list --provider ").empty());
}
