#pragma once
// A zsh driver for completion tests, shared by the usability and the safety tests.
#include <string>
#include <string_view>
#include <vector>

/// Types a command line into an interactive zsh on a pty with the completion loaded, presses Tab, and
/// prints each candidate the completion system is given ("CANDIDATE:list"): compadd is wrapped to print
/// what it adds (the calls that only filter, -O/-A/-D, are passed through), and the shell exits once the
/// completion has run. The markers are split in the typed text, which the pty echoes.
inline std::string const zsh_tab = R"(zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=; autoload -Uz compinit; compinit -u -d $TMPDIR/zcompdump; source ${(q)1}"
zpty -w z 'compadd() { if [[ " ${@[1,(i)(-|--)]} " == *\ -[OAD]\ * ]]; then builtin compadd "$@"; return; fi; local -a hits; builtin compadd -A hits "$@"; (( $#hits )) && print -rl -- "CANDI""DATE:"${^hits}; builtin compadd "$@"; }'
zpty -w z 'done_() { print -r -- "END OF ""CANDIDATES"; exit; }; comppostfuncs=( done_ )'
zpty -w z "$2"$'\t'
zpty -r z out '*END OF CANDIDATES*'
print -r -- $out
)";

/// The candidates zsh_tab printed, in order ("CANDIDATE:list" lines; the pty's \r dropped).
inline std::vector<std::string> zsh_tab_candidates(std::string_view output) {
  std::vector<std::string> candidates;
  while (!output.empty()) {
    auto const end = output.find('\n');
    auto line = output.substr(0, end);
    output.remove_prefix(end == std::string_view::npos ? output.size() : end + 1);
    if (auto const at = line.find("CANDIDATE:"); at != std::string_view::npos) {
      line.remove_prefix(at + 10);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      candidates.emplace_back(line);
    }
  }
  return candidates;
}
