// `config`'s own commands (view, init, providers add|remove, profiles list|use|show) complete in every
// shell: each script is sourced in the real shell. zsh and fish are skipped, saying so, where not installed.
#include "cli_fixture.hpp"
#include "zsh_tab.hpp"

#include <doctest/doctest.h>

#include <filesystem>

namespace {
std::string const bin_dir = std::filesystem::path(POLYCLOUD_CLI_BINARY).parent_path().string();

/// Whether `shell` is on PATH (`command -v`); otherwise the test says it skipped that shell.
bool installed(std::string const& shell) {
  auto const found = run_process({"/bin/sh", "-c", "command -v " + shell}, {});
  if (found.exit_code == 0) return true;
  MESSAGE(shell << " is not installed: its completion of config's commands is not tested here");
  return false;
}

/// Sorted candidates, space-separated (the shells order them each their own way).
std::string sorted_words(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  std::string out;
  for (auto const& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}
}  // namespace

TEST_CASE("completion bash offers config's commands - and their commands after them") {
  CliFixture cli;
  auto const script = cli.write_config(cli.run({"completion", "bash"}).out, "polycloud.bash");
  auto complete = [&](std::string const& words) {
    auto const program = "source '" + script + "'; COMP_WORDS=(" + words +
                         "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _polycloud; printf '%s\\n' \"${COMPREPLY[@]}\"";
    auto result = run_process({"/bin/bash", "-c", program}, {{"PATH", bin_dir + ":/usr/bin:/bin"}});
    std::vector<std::string> words_out;
    for (auto const& line : lines_of(result.out))
      if (!line.empty() && line.front() != '-') words_out.push_back(line);
    return sorted_words(words_out);
  };
  CHECK(complete("polycloud config ''") == "init profiles providers view");
  CHECK(complete("polycloud config pro") == "profiles providers");
  CHECK(complete("polycloud config providers ''") == "add remove");
  CHECK(complete("polycloud config profiles ''") == "list show use");
  CHECK(complete("polycloud --profile lab config profiles u") == "use");
}

TEST_CASE("completion zsh offers config's commands - and their commands and options after them") {
  if (!installed("zsh")) return;
  CliFixture cli;
  auto const script = cli.write_config(cli.run({"completion", "zsh"}).out, "_polycloud");
  auto const driver = cli.write_config(zsh_tab, "tab.zsh");
  auto tab = [&](std::string const& line) {
    auto result = run_process({"/usr/bin/env", "zsh", "-f", driver, script, line},
                              {{"PATH", bin_dir + ":/usr/bin:/bin"}, {"TMPDIR", cli.dir().string()}},
                              std::chrono::seconds(30));
    return sorted_words(zsh_tab_candidates(result.out));
  };
  CHECK(tab("polycloud config ") == "init profiles providers view");
  CHECK(tab("polycloud config providers ") == "add remove");
  CHECK(tab("polycloud config profiles ") == "list show use");
  auto const add_options = tab("polycloud config providers add lab --t");
  CHECK(add_options.find("--token-file") != std::string::npos);
  CHECK(add_options.find("--type") != std::string::npos);
}

TEST_CASE("completion fish offers config's commands - and their commands after them") {
  if (!installed("fish")) return;
  CliFixture cli;
  auto const script = cli.write_config(cli.run({"completion", "fish"}).out, "polycloud.fish");
  auto complete = [&](std::string const& line) {
    auto result = run_process({"/usr/bin/env", "fish", "--no-config", "-c",
                               "source " + script + "; complete -C '" + line + "'"},
                              {{"PATH", bin_dir + ":/usr/bin:/bin"}});
    std::vector<std::string> words;
    for (auto const& candidate : lines_of(result.out))
      if (!candidate.empty() && candidate.front() != '-') words.push_back(candidate.substr(0, candidate.find('\t')));
    return sorted_words(words);
  };
  CHECK(complete("polycloud config ") == "init profiles providers view");
  CHECK(complete("polycloud config providers ") == "add remove");
  CHECK(complete("polycloud config profiles ") == "list show use");
}
