#include "completion.hpp"
#include "completion_model.hpp"

#include <polycloud/instance.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <map>
#include <set>

namespace polycloud::cli {

namespace {
std::vector<OptionInfo> options_of(CLI::App const& app) {
  std::vector<OptionInfo> out;
  for (auto const* option : app.get_options()) {
    OptionInfo info{{}, option->get_description(), option->get_expected_max() > 0, option->get_expected_max() > 1,
                    option->get_type_name()};
    for (auto const& name : option->get_lnames()) info.flags.push_back("--" + name);
    for (auto const& name : option->get_snames()) info.flags.push_back("-" + name);
    if (!info.flags.empty()) out.push_back(std::move(info));
  }
  return out;
}

std::vector<PositionalInfo> positionals_of(CLI::App const& app) {
  std::vector<PositionalInfo> out;
  for (auto const* option : app.get_options())
    if (option->get_lnames().empty() && option->get_snames().empty() && !option->get_name(true).empty())
      out.push_back({option->get_name(true), option->get_description(), option->get_expected_max() > 1});
  return out;
}

std::string join(std::vector<std::string> const& words) {
  std::string out;
  for (auto const& word : words) {
    if (!out.empty()) out += ' ';  // appended piecewise: g++ 12 -O3 warns -Wrestrict falsely on a + b
    out += word;
  }
  return out;
}

std::string states() {
  std::vector<std::string> names;
  for (int i = 0; i <= static_cast<int>(State::unknown); ++i) names.emplace_back(to_string(static_cast<State>(i)));
  return join(names);
}

/// Commands whose first argument is a configured provider name.
bool takes_provider(CommandInfo const& command) {
  return !command.positionals.empty() && names_provider(command.positionals.front().name);
}

std::string bash_script(std::vector<OptionInfo> const& globals, std::vector<CommandInfo> const& commands) {
  std::vector<std::string> global_flags, command_names;
  for (auto const& option : globals) global_flags.insert(global_flags.end(), option.flags.begin(), option.flags.end());
  for (auto const& command : commands) command_names.push_back(command.name);
  std::string out = "# polycloud completion for bash: source <(polycloud completion bash)\n";
  // Provider names come from a config, so they are data: never a compgen -W word list (which expands
  // $(…), backticks and $VAR in it), matched by a literal prefix and offered quoted with %q, so that
  // a name such as $(rm -rf ~) is inserted as \$\(rm\ -rf\ ~\) and never runs.
  out += fmt::format(
      "_polycloud_providers() {{\n"
      "  local name quoted\n"
      "  while IFS= read -r name; do\n"
      "    [ -n \"$name\" ] || continue\n"
      "    printf -v quoted '%q' \"$name\"\n"
      "    if [[ $name == \"$cur\"* || $quoted == \"$cur\"* ]]; then COMPREPLY+=(\"$quoted\"); fi\n"
      "  done < <({})\n"
      "}}\n",
      providers_command);
  out += "_polycloud() {\n";
  out += "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmd=\"\" position=0 i\n";
  out += "  COMPREPLY=()\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n    case \"${COMP_WORDS[i]}\" in\n";
  out += fmt::format("      {}) cmd=\"${{COMP_WORDS[i]}}\"; position=$((COMP_CWORD - i)); break ;;\n", [&] {
    std::string alternatives;
    for (auto const& name : command_names) alternatives += (alternatives.empty() ? "" : "|") + name;
    return alternatives;
  }());
  out += "    esac\n  done\n  case \"$prev\" in\n";
  // The word lists below are this program's own option names and values: fixed text, safe for -W.
  for (auto const& [flag, values] : option_values()) {
    if (flag.front() != '-') continue;  // a positional's values: offered by position below
    if (values == "FILE")
      out += fmt::format("    {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", flag);
    else
      out += fmt::format("    {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", flag, values);
  }
  out += "    --provider) _polycloud_providers; return ;;\n";
  out += "  esac\n  local words providers=\"\"\n  case \"$cmd\" in\n";
  out += fmt::format("    \"\") words=\"{} {}\" ;;\n", join(command_names), join(global_flags));
  for (auto const& command : commands) {
    std::vector<std::string> flags = global_flags;
    for (auto const& option : command.options) flags.insert(flags.end(), option.flags.begin(), option.flags.end());
    std::string extra;
    if (takes_provider(command)) extra = "; [ \"$position\" = 1 ] && providers=1";
    if (command.name == "completion") extra = "; [ \"$position\" = 1 ] && words=\"$words bash zsh fish\"";
    out += fmt::format("    {}) words=\"{}\"{} ;;\n", command.name, join(flags), extra);
  }
  out += "  esac\n  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n";
  out += "  if [ -n \"$providers\" ]; then _polycloud_providers; fi\n}\ncomplete -F _polycloud polycloud\n";
  return out;
}

/// fish quotes: single quotes, with ' and \ escaped.
std::string fish_quote(std::string const& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_option(OptionInfo const& option, std::string const& condition) {
  std::string line = "complete -c polycloud";
  if (!condition.empty()) line += " -n " + fish_quote(condition);
  std::string values;
  for (auto const& flag : option.flags) {
    line += flag.rfind("--", 0) == 0 ? " -l " + flag.substr(2) : " -s " + flag.substr(1);
    if (auto found = option_values().find(flag); found != option_values().end()) values = found->second;
  }
  if (values == "FILE")
    line += " -r -F";
  else if (!values.empty())
    line += " -x -a " + fish_quote(values);
  else if (option.takes_value)
    line += " -x";
  return line + " -d " + fish_quote(option.description) + "\n";
}

std::string fish_script(std::vector<OptionInfo> const& globals, std::vector<CommandInfo> const& commands) {
  std::string out = "# polycloud completion for fish: polycloud completion fish | source\ncomplete -c polycloud -f\n";
  for (auto const& option : globals) out += fish_option(option, "");
  for (auto const& command : commands) {
    out += fmt::format("complete -c polycloud -n '__fish_use_subcommand' -a {} -d {}\n", command.name,
                       fish_quote(command.description));
    auto const condition = "__fish_seen_subcommand_from " + command.name;
    for (auto const& option : command.options) out += fish_option(option, condition);
    if (takes_provider(command))
      out += fmt::format("complete -c polycloud -n {} -a {}\n", fish_quote(condition),
                         fish_quote("(" + std::string(providers_command) + ")"));
  }
  out += "complete -c polycloud -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n";
  return out;
}
}  // namespace

std::map<std::string, std::string> const& option_values() {
  static std::map<std::string, std::string> const values{
      {"--output", "table json ndjson csv"}, {"-o", "table json ndjson csv"}, {"--state", states()},
      {"--config", "FILE"},  {"--spec", "FILE"}, {"--user-data", "FILE"}, {"--write-config", "FILE"},
      {"--ssh-key", "FILE"},    {"SHELL", "bash zsh fish"}};  // SHELL: completion's positional
  return values;
}

std::string completion_script(CLI::App& app, std::string const& shell) {
  CompletionModel model;
  model.globals = options_of(app);
  std::erase_if(model.globals, [](OptionInfo const& o) { return o.flags.front() == "--version"; });
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    auto options = options_of(*sub);
    std::erase_if(options, [](OptionInfo const& o) { return o.flags.front() == "--help" || o.flags.front() == "--version"; });
    model.commands.push_back({sub->get_name(), sub->get_description(), std::move(options), positionals_of(*sub)});
  }
  if (shell == "fish") return fish_script(model.globals, model.commands);
  if (shell == "zsh") return zsh_script(model);
  return bash_script(model.globals, model.commands);
}

}  // namespace polycloud::cli
