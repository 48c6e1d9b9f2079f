// bash completion against the real binary: the --config on the line, instance ids (cached), --fields keys.
// The script is sourced in real bash with the built polycloud first on PATH and $POLYCLOUD_CONFIG
// pointing nowhere, so only a --config the script passes on can find the providers.
#include "cli_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

class BashCompletion {
 public:
  explicit BashCompletion(CliFixture& cli) : cli_(cli), bin_(cli.dir() / "bin") {
    fs::create_directories(bin_);
    fs::create_symlink(POLYCLOUD_CLI_BINARY, bin_ / "polycloud");
    auto script = cli.run({"completion", "bash"});
    REQUIRE(script.exit_code == 0);
    script_ = cli.write_config(script.out, "polycloud.bash");
  }

  fs::path cache_dir() const { return cli_.dir() / "cache" / "polycloud"; }

  /// The candidates for the last of `words` (bash syntax), one a line.
  std::string complete(std::string const& words) const {
    auto const program = "source '" + script_ + "'; COMP_WORDS=(" + words +
                         "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _polycloud; printf '%s\\n' \"${COMPREPLY[@]}\"";
    auto result = run_process({"/bin/bash", "-c", program},
                              {{"PATH", bin_.string() + ":/usr/bin:/bin"},
                               {"POLYCLOUD_CONFIG", (cli_.dir() / "absent.json").string()},
                               {"XDG_CACHE_HOME", (cli_.dir() / "cache").string()}});
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 0);
    return result.out;
  }

 private:
  CliFixture& cli_;
  fs::path bin_;
  std::string script_;
};

}  // namespace

TEST_CASE("completion bash: provider names come from the --config on the line, in either spelling") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  BashCompletion bash(cli);
  CHECK(bash.complete("polycloud --config '" + config + "' list --provider ''") == "a\nb\n");
  CHECK(bash.complete("polycloud list --config = '" + config + "' --provider ''") == "a\nb\n");  // --config=FILE
  CHECK(bash.complete("polycloud list --provider ''") == "\n");  // no config found: nothing offered
  // The word as typed, quotes and all (COMP_WORDS holds it so), and a name without a leading slash: the
  // first character was stripped as if it were a quote.
  CHECK(bash.complete("polycloud --config \"'" + config + "'\" list --provider ''") == "a\nb\n");
  auto const relative = std::filesystem::relative(config, std::filesystem::current_path()).string();
  REQUIRE(relative.front() != '/');
  CHECK(bash.complete("polycloud --config '" + relative + "' list --provider ''") == "a\nb\n");
}

TEST_CASE("completion bash: instance ids of the provider named, from a private cache refreshed each minute") {
  CliFixture cli;
  auto const config = cli.write_config(two_fakes);
  BashCompletion bash(cli);
  CHECK(bash.complete("polycloud --config '" + config + "' stop a fake-100") ==
        "fake-1000\nfake-1001\nfake-1002\nfake-1003\n");
  CHECK(bash.complete("polycloud --config '" + config + "' stop a fake-1000 fake-1002") == "fake-1002\n");
  CHECK(bash.complete("polycloud --config '" + config + "' wait b fake-1002") == "fake-1002\n");

  std::vector<fs::path> caches;
  for (auto const& entry : fs::directory_iterator(bash.cache_dir())) caches.push_back(entry.path());
  REQUIRE(caches.size() == 2);  // one per provider
  struct stat st {};
  REQUIRE(::stat(bash.cache_dir().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777u) == 0700u);
  // A fresh cache is what is offered: the fleet is not listed again.
  for (auto const& cache : caches) std::ofstream(cache) << "cached-1\n";
  CHECK(bash.complete("polycloud --config '" + config + "' get a c") == "cached-1\n");
}

TEST_CASE("completion bash: --fields offers record keys after the last comma") {
  CliFixture cli;
  BashCompletion bash(cli);
  CHECK(bash.complete("polycloud list --fields na") == "name\n");
  CHECK(bash.complete("polycloud list --fields id,st") == "id,state\n");
  CHECK(bash.complete("polycloud get --fields id,name,ra") == "id,name,raw_state\nid,name,raw\n");
}
