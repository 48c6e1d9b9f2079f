// Completion treats provider names as data (issue 22, defect 6). A config is text anyone with write
// access to it chose; a name such as $(touch …) must neither run when the completion lists it nor when
// the user accepts it. The scripts are sourced in real bash and zsh, with a `polycloud` on PATH that
// lists hostile names: a stand-in, since the real one may refuse such names in a config (docs/config.md)
// and completion must be safe whatever it is given.
#include "cli_fixture.hpp"
#include "zsh_tab.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

/// Writes bin/polycloud, which prints `names` (one a line) whatever it is asked; returns bin.
fs::path stand_in(CliFixture& cli, std::vector<std::string> const& names) {
  auto const bin = cli.dir() / "bin";
  fs::create_directories(bin);
  std::string script = "#!/bin/sh\ncat <<'NAMES'\n";
  for (auto const& name : names) script += name + "\n";
  script += "NAMES\n";
  std::ofstream(bin / "polycloud") << script;
  fs::permissions(bin / "polycloud", fs::perms::owner_all);
  return bin;
}

struct Hostile {
  std::vector<std::string> names;
  std::vector<fs::path> markers;  ///< files a name creates if it is ever run
};

Hostile hostile_names(CliFixture const& cli) {
  Hostile hostile;
  for (auto const* form : {"$(touch {})", "`touch {}`", "x$(touch {})y", "${IFS:+$(touch {})}"}) {
    auto const marker = cli.dir() / ("ran-" + std::to_string(hostile.markers.size()));
    std::string name = form;
    name.replace(name.find("{}"), 2, marker.string());
    hostile.names.push_back(name);
    hostile.markers.push_back(marker);
  }
  hostile.names.insert(hostile.names.end(), {"*", "web 1", "plain"});
  return hostile;
}

std::string joined_lines(std::vector<std::string> const& lines) {
  std::string out;
  for (auto const& line : lines) out += line + "\n";
  return out;
}

void check_nothing_ran(Hostile const& hostile) {
  for (auto const& marker : hostile.markers) {
    CAPTURE(marker.string());
    CHECK_FALSE(fs::exists(marker));
  }
}

}  // namespace

TEST_CASE("completion bash: provider names are data - neither listing nor accepting them runs code") {
  CliFixture cli;
  auto const hostile = hostile_names(cli);
  auto const bin = stand_in(cli, hostile.names);
  auto script = cli.run({"completion", "bash"});
  REQUIRE(script.exit_code == 0);
  auto const script_path = cli.write_config(script.out, "polycloud.bash");
  // Each candidate is evaluated as the shell would evaluate it once inserted in the command line: it
  // must come back as the name itself.
  auto complete = [&](std::string const& words) {
    auto const program = "source '" + script_path + "'; COMP_WORDS=(" + words +
                         "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _polycloud;"
                         " for w in \"${COMPREPLY[@]}\"; do eval \"printf '%s\\n' $w\"; done";
    auto result = run_process({"/bin/bash", "-c", program}, {{"PATH", bin.string() + ":/usr/bin:/bin"}});
    INFO("stderr: ", result.err);
    CHECK(result.exit_code == 0);
    return result.out;
  };
  CHECK(complete("polycloud list --provider ''") == joined_lines(hostile.names));
  CHECK(complete("polycloud get ''").ends_with("\n" + joined_lines(hostile.names)));
  CHECK(complete("polycloud get x") == hostile.names[2] + "\n");  // a literal prefix match
  check_nothing_ran(hostile);
}

TEST_CASE("completion zsh: provider names are data - offered as themselves and never run") {
  CliFixture cli;
  auto const hostile = hostile_names(cli);
  auto const bin = stand_in(cli, hostile.names);
  auto const script = cli.write_config(cli.run({"completion", "zsh"}).out, "_polycloud");
  auto const driver = cli.write_config(zsh_tab, "tab.zsh");
  for (std::string const line : {"polycloud get ", "polycloud list --provider "}) {
    CAPTURE(line);
    auto result = run_process({"/usr/bin/env", "zsh", "-f", driver, script, line},
                              {{"PATH", bin.string() + ":/usr/bin:/bin"}, {"TMPDIR", cli.dir().string()}},
                              std::chrono::seconds(30));
    auto const candidates = zsh_tab_candidates(result.out);
    // compadd inserts each name quoted (\$\(touch\ …\)); evaluated as the shell will once it is on the
    // command line, each must come back as the name itself.
    std::vector<std::string> argv{"/usr/bin/env", "zsh", "-f", "-c",
                                  "for c in \"$@\"; do eval \"print -r -- $c\"; done", "zsh"};
    argv.insert(argv.end(), candidates.begin(), candidates.end());
    CHECK(run_process(argv).out == joined_lines(hostile.names));
  }
  check_nothing_ran(hostile);
}
