#pragma once
// The command tree as the completion generators see it, read once from the CLI11 app
// (completion.cpp), so bash, zsh and fish offer the same commands, options and values.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace polycloud::cli {

struct OptionInfo {
  std::vector<std::string> flags;  ///< "--state", "-o"
  std::string description;
  bool takes_value = false;
  bool repeatable = false;  ///< may be given more than once (--tag, --provider)
  std::string value_name;   ///< CLI11's type name ("FILE", "SECONDS"), for a prompt
};

/// A positional argument ("PROVIDER", "ID").
struct PositionalInfo {
  std::string name, description;
  bool many = false;  ///< takes every remaining word (several ids)
};

struct CommandInfo {
  std::string name, description;
  std::vector<OptionInfo> options;
  std::vector<PositionalInfo> positionals;
  /// Its own commands (`config view`, `config providers add`), in the order the parser declares them.
  std::vector<CommandInfo> subcommands;
};

struct CompletionModel {
  std::vector<OptionInfo> globals;  ///< also accepted after the command
  std::vector<CommandInfo> commands;
};

/// Values an option takes, for the shells to offer, by flag; "FILE" means a path.
std::map<std::string, std::string> const& option_values();
/// The configured provider names, one a line, as the shell scripts read them.
inline constexpr char const* providers_command = "polycloud providers -o table --fields name --no-headers 2>/dev/null";
/// Options and positionals whose value is a configured provider name.
inline bool names_provider(std::string const& flag_or_positional) {
  return flag_or_positional == "--provider" || flag_or_positional == "PROVIDER";
}

std::string zsh_script(CompletionModel const& model);

}  // namespace polycloud::cli
