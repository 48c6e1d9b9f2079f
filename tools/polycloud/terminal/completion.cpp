#include "terminal/completion.hpp"
#include "terminal/completion_model.hpp"
#include "output/output.hpp"

#include <polycloud/instance.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
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

CommandInfo command_of(CLI::App& app) {
  auto options = options_of(app);
  std::erase_if(options, [](OptionInfo const& o) { return o.flags.front() == "--help" || o.flags.front() == "--version"; });
  CommandInfo command{app.get_name(), app.get_description(), std::move(options), positionals_of(app), {}};
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) command.subcommands.push_back(command_of(*sub));
  return command;
}

/// Every option flag of a command's own commands, at any depth (bash offers them all after the command).
void subcommand_flags(CommandInfo const& command, std::vector<std::string>& flags) {
  for (auto const& sub : command.subcommands) {
    for (auto const& option : sub.options)
      for (auto const& flag : option.flags)
        if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);  // once each
    subcommand_flags(sub, flags);
  }
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

/// Commands whose second argument is an instance id of the provider named first.
bool takes_id(CommandInfo const& command) {
  return takes_provider(command) && command.positionals.size() > 1 && command.positionals[1].name == "ID";
}

std::string bash_script(std::vector<OptionInfo> const& globals, std::vector<CommandInfo> const& commands,
                        std::vector<std::string> const& field_names) {
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
      "  done < <(_polycloud_run {})\n"
      "}}\n",
      std::string(providers_command).substr(std::string("polycloud ").size()));
  // The value of an option on the line (--config FILE, --profile NAME), as zsh does: the words are read, never
  // evaluated (only surrounding quotes are dropped, and a leading ~/ of a file expanded), so they cannot run code.
  // The quotes are dropped by an unquoted ${v#…} in an assignment: inside double quotes bash 5.2 reads the '
  // of [\"'] as a quote, and the strip took the first character instead ("lab.json" became "ab.json").
  out +=
      "_polycloud_option() {\n"
      "  local i value=\"\"\n"
      "  for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do\n"
      "    case \"${COMP_WORDS[i]}\" in\n"
      "      \"$1\") value=\"${COMP_WORDS[i+1]}\"; [ \"$value\" = = ] && value=\"${COMP_WORDS[i+2]}\" ;;\n"
      "      \"$1\"=*) value=\"${COMP_WORDS[i]#\"$1\"=}\" ;;\n"
      "    esac\n"
      "  done\n"
      "  value=${value#[\\\"\\\']}; value=${value%[\\\"\\\']}\n"
      "  printf '%s' \"$value\"\n"
      "}\n"
      "_polycloud_config() {\n"
      "  local file; file=$(_polycloud_option --config)\n"
      "  [[ $file == \"~/\"* ]] && file=\"$HOME/${file#\"~/\"}\"\n"
      "  printf '%s' \"$file\"\n"
      "}\n"
      // The config a command on this line would read: its --config, else its --profile, else the default.
      "_polycloud_run() {\n"
      "  local file profile; file=$(_polycloud_config); profile=$(_polycloud_option --profile)\n"
      "  if [ -n \"$file\" ]; then polycloud --config \"$file\" \"$@\"\n"
      "  elif [ -n \"$profile\" ]; then polycloud --profile \"$profile\" \"$@\"\n"
      "  else polycloud \"$@\"; fi\n"
      "}\n";
  // Instance ids of one provider, cached for 60 s under $XDG_CACHE_HOME/polycloud (private to the
  // user), so pressing Tab twice does not list the fleet twice. Ids are data, offered like names.
  out +=
      "_polycloud_ids() {\n"
      "  local provider=\"$1\" dir=\"${XDG_CACHE_HOME:-$HOME/.cache}/polycloud\" key cache id quoted\n"
      "  key=$(printf '%s\\n%s\\n%s' \"$(_polycloud_config)\" \"$(_polycloud_option --profile)\" \"$provider\" | cksum | cut -d' ' -f1)\n"
      "  cache=\"$dir/ids-$key\"\n"
      "  if [ -z \"$(find \"$cache\" -mmin -1 2>/dev/null)\" ]; then\n"
      "    (umask 077; mkdir -p \"$dir\" && _polycloud_run list --provider \"$provider\" --fast -o table --fields id"
      " --no-headers 2>/dev/null > \"$cache.$$\" && mv -f \"$cache.$$\" \"$cache\"; rm -f \"$cache.$$\")\n"
      "  fi\n"
      "  [ -r \"$cache\" ] || return\n"
      "  while IFS= read -r id; do\n"
      "    id=${id%$'\\r'}; id=${id%\"${id##*[![:space:]]}\"}\n"
      "    [ -n \"$id\" ] || continue\n"
      "    printf -v quoted '%q' \"$id\"\n"
      "    if [[ $id == \"$cur\"* || $quoted == \"$cur\"* ]]; then COMPREPLY+=(\"$quoted\"); fi\n"
      "  done < \"$cache\"\n"
      "}\n";
  out += "_polycloud() {\n";
  out += "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmd=\"\" position=0 i\n";
  out += "  COMPREPLY=()\n";
  out += "  local provider=\"\" ids=\"\"\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n    case \"${COMP_WORDS[i]}\" in\n";
  out += fmt::format("      {}) cmd=\"${{COMP_WORDS[i]}}\"; position=$((COMP_CWORD - i)); provider=\"${{COMP_WORDS[i+1]}}\"; break ;;\n", [&] {
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
  // --fields K,K…: the record keys, after the last comma of what is typed.
  out += fmt::format(
      "    --fields) local done=\"\" key; [[ $cur == *,* ]] && done=\"${{cur%,*}},\"\n"
      "      for key in {}; do [[ $done$key == \"$cur\"* ]] && COMPREPLY+=(\"$done$key\"); done; return ;;\n",
      join(field_names));
  out += "  esac\n  local words providers=\"\"\n  case \"$cmd\" in\n";
  out += fmt::format("    \"\") words=\"{} {}\" ;;\n", join(command_names), join(global_flags));
  for (auto const& command : commands) {
    std::vector<std::string> flags = global_flags;
    for (auto const& option : command.options) flags.insert(flags.end(), option.flags.begin(), option.flags.end());
    std::string extra;
    if (takes_provider(command)) extra = "; [ \"$position\" = 1 ] && providers=1";
    if (takes_id(command))
      extra += command.positionals[1].many ? "; [ \"$position\" -ge 2 ] && ids=1" : "; [ \"$position\" = 2 ] && ids=1";
    subcommand_flags(command, flags);
    // Its own commands right after it (`config view`), and theirs after those (`config providers add`):
    // `provider` holds the word after the command, here the command's command.
    if (!command.subcommands.empty()) {
      std::vector<std::string> names;
      std::string nested;
      for (auto const& sub : command.subcommands) {
        names.push_back(sub.name);
        if (sub.subcommands.empty()) continue;
        std::vector<std::string> inner;
        for (auto const& leaf : sub.subcommands) inner.push_back(leaf.name);
        nested += fmt::format(" {}) words=\"$words {}\" ;;", sub.name, join(inner));
      }
      extra = fmt::format("; [ \"$position\" = 1 ] && words=\"$words {}\"", join(names));
      if (!nested.empty()) extra += fmt::format("; [ \"$position\" = 2 ] && case \"$provider\" in{} esac", nested);
    }
    // A first positional with a fixed set of words (completion's SHELL, catalog's PART): offer them there.
    if (!command.positionals.empty()) {
      if (auto found = option_values().find(command.positionals.front().name); found != option_values().end())
        extra = "; [ \"$position\" = 1 ] && words=\"$words " + found->second + "\"";
    }
    out += fmt::format("    {}) words=\"{}\"{} ;;\n", command.name, join(flags), extra);
  }
  out += "  esac\n  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n";
  out += "  if [ -n \"$providers\" ]; then _polycloud_providers; fi\n";
  out += "  if [ -n \"$ids\" ] && [[ $cur != -* ]]; then _polycloud_ids \"$provider\"; fi\n";
  out += "}\ncomplete -F _polycloud polycloud\n";
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
  bool takes_provider_name = false;
  for (auto const& flag : option.flags) {
    line += flag.rfind("--", 0) == 0 ? " -l " + flag.substr(2) : " -s " + flag.substr(1);
    if (auto found = option_values().find(flag); found != option_values().end()) values = found->second;
    takes_provider_name = takes_provider_name || names_provider(flag);
  }
  if (values == "FILE")
    line += " -r -F";
  else if (takes_provider_name)
    line += " -x -a '(__polycloud_providers)'";
  else if (!values.empty())
    line += " -x -a " + fish_quote(values);
  else if (option.takes_value)
    line += " -x";
  return line + " -d " + fish_quote(option.description) + "\n";
}

/// A command's own commands, offered while none of them is on the line, and their options once one is;
/// `condition` says the command's path is on the line (`config`, then `config … providers`).
void fish_subcommands(CommandInfo const& command, std::string const& condition, std::string& out) {
  if (command.subcommands.empty()) return;
  std::vector<std::string> names;
  for (auto const& sub : command.subcommands) names.push_back(sub.name);
  auto const offered = condition + "; and not __fish_seen_subcommand_from " + join(names);
  for (auto const& sub : command.subcommands) {
    out += fmt::format("complete -c polycloud -n {} -a {} -d {}\n", fish_quote(offered), sub.name,
                       fish_quote(sub.description));
    auto const inside = condition + "; and __fish_seen_subcommand_from " + sub.name;
    for (auto const& option : sub.options) out += fish_option(option, inside);
    fish_subcommands(sub, inside, out);
  }
}

/// fish's provider names: those of the config a command on this line would read, as bash's and zsh's
/// (its --config FILE or --config=FILE, else its --profile NAME, else the default). The words come from
/// `commandline -opc` (tokens, quotes removed, nothing expanded or evaluated) and reach polycloud as
/// arguments; a leading ~/ of a file is expanded as the shell would have.
std::string fish_providers_function() {
  return std::string(R"(function __polycloud_providers
    set -l words (commandline -opc)
    set -l config
    set -l profile
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case --config
                set i (math $i + 1)
                test $i -le (count $words); and set config $words[$i]
            case --profile
                set i (math $i + 1)
                test $i -le (count $words); and set profile $words[$i]
            case '--config=*'
                set config (string sub -s 10 -- $words[$i])
            case '--profile=*'
                set profile (string sub -s 11 -- $words[$i])
        end
        set i (math $i + 1)
    end
    set -l args
    if test -n "$config"
        set args --config (string replace -r -- '^~/' "$HOME/" $config)
    else if test -n "$profile"
        set args --profile $profile
    end
    polycloud $args )") + std::string(providers_command).substr(std::string("polycloud ").size()) + "\nend\n";
}

std::string fish_script(std::vector<OptionInfo> const& globals, std::vector<CommandInfo> const& commands) {
  std::string out = "# polycloud completion for fish: polycloud completion fish | source\ncomplete -c polycloud -f\n";
  out += fish_providers_function();
  for (auto const& option : globals) out += fish_option(option, "");
  for (auto const& command : commands) {
    out += fmt::format("complete -c polycloud -n '__fish_use_subcommand' -a {} -d {}\n", command.name,
                       fish_quote(command.description));
    auto const condition = "__fish_seen_subcommand_from " + command.name;
    for (auto const& option : command.options) out += fish_option(option, condition);
    if (takes_provider(command))
      out += fmt::format("complete -c polycloud -n {} -a '(__polycloud_providers)'\n", fish_quote(condition));
  }
  for (auto const& command : commands) fish_subcommands(command, "__fish_seen_subcommand_from " + command.name, out);
  for (auto const& command : commands) {
    if (command.positionals.empty()) continue;
    if (auto found = option_values().find(command.positionals.front().name); found != option_values().end())
      out += fmt::format("complete -c polycloud -n {} -a {}\n", fish_quote("__fish_seen_subcommand_from " + command.name),
                         fish_quote(found->second));
  }
  return out;
}
}  // namespace

std::map<std::string, std::string> const& option_values() {
  static std::map<std::string, std::string> const values{
      {"--output", "table json ndjson csv value"}, {"-o", "table json ndjson csv value"}, {"--state", states()},
      {"--config", "FILE"},  {"--spec", "FILE"}, {"--user-data", "FILE"}, {"--write-config", "FILE"},
      {"--ssh-key", "FILE"},    {"SHELL", "bash zsh fish"},  // SHELL: completion's positional
      {"PART", "sizes images regions"}};                      // PART: catalog's positional
  return values;
}

std::string completion_script(CLI::App& app, std::string const& shell) {
  CompletionModel model;
  model.globals = options_of(app);
  std::erase_if(model.globals, [](OptionInfo const& o) { return o.flags.front() == "--version"; });
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) model.commands.push_back(command_of(*sub));
  if (shell == "fish") return fish_script(model.globals, model.commands);
  if (shell == "zsh") return zsh_script(model);
  auto fields = instance_layout().keys;
  fields.insert(fields.end(), instance_layout().on_request.begin(), instance_layout().on_request.end());
  return bash_script(model.globals, model.commands, fields);
}

}  // namespace polycloud::cli
