// `polycloud completion zsh`: a native zsh completion function (#compdef, _arguments, _describe), not
// the bash one run through bashcompinit, so zsh shows descriptions, groups and its own file completion.
#include "terminal/completion_model.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

namespace {
/// A shell word in single quotes: ' becomes '\''.
std::string quoted(std::string const& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Text inside an _arguments [explanation]: a bracket would end it early.
std::string explanation(std::string const& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// A message or a _describe name: a colon would start the next field.
std::string field_text(std::string const& text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// The ":message:action" part of a spec that takes a value.
std::string value_spec(std::string const& message, std::string const& key) {
  if (names_provider(key)) return ":provider:_polycloud_providers";
  auto const& values = option_values();
  if (auto found = values.find(key); found != values.end())
    return found->second == "FILE" ? ":" + field_text(message) + ":_files"
                                   : ":" + field_text(message) + ":(" + found->second + ")";
  return ":" + field_text(message) + ": ";
}

/// The prompt for an option's value: its long name, with CLI11's hint when it has one and no list of
/// values says more ("timeout (1-604800)", "tag (KEY=VALUE)").
std::string value_message(OptionInfo const& option) {
  auto const& flag = option.flags.front();
  auto message = flag.substr(flag.find_first_not_of('-'));
  auto const hint = option.value_name.find(':');
  if (hint != std::string::npos && !option_values().count(flag))
    message += " (" + option.value_name.substr(hint + 1) + ")";
  return message;
}

/// One _arguments spec per flag: "(-o --output)--output[Output format]:FMT:(table json ndjson csv)".
std::vector<std::string> option_specs(OptionInfo const& option) {
  std::string exclusive;
  if (!option.repeatable && option.flags.size() > 1) {
    for (auto const& flag : option.flags) exclusive += (exclusive.empty() ? "" : " ") + flag;
    exclusive = "(" + exclusive + ")";
  }
  std::vector<std::string> specs;
  for (auto const& flag : option.flags) {
    auto spec = (option.repeatable ? "*" : exclusive) + flag + "[" + explanation(option.description) + "]";
    if (option.takes_value) spec += value_spec(value_message(option), option.flags.front());
    specs.push_back(quoted(spec));
  }
  return specs;
}

std::string positional_spec(PositionalInfo const& positional, std::size_t position) {
  auto const message = positional.description.empty() ? positional.name : positional.description;
  return quoted((positional.many ? std::string("*") : std::to_string(position)) +
                value_spec(message, positional.name));
}

/// `_arguments` for one command: the global options (accepted after the command too), its own, its
/// positionals.
std::string arguments_of(CommandInfo const& command, std::string const& indent) {
  std::string specs = "\"${globals[@]}\"";
  for (auto const& option : command.options)
    for (auto const& spec : option_specs(option)) specs += " \\\n" + indent + "    " + spec;
  for (std::size_t i = 0; i < command.positionals.size(); ++i)
    specs += " \\\n" + indent + "    " + positional_spec(command.positionals[i], i + 1);
  return indent + "_arguments " + specs + " && ret=0";
}

/// What completes the words of one command ($words[1] is the command). A command with commands of its
/// own (`config`) offers them right after it; after one, the words are shifted so that it is $words[1],
/// and its own completion runs (`config providers add --type`).
std::string command_body(CommandInfo const& command, std::string const& indent) {
  if (command.subcommands.empty()) return arguments_of(command, indent);
  std::string described;
  for (auto const& sub : command.subcommands)
    described += (described.empty() ? "" : " ") + quoted(field_text(sub.name) + ":" + sub.description);
  std::string out = fmt::format(
      "{0}if (( CURRENT == 2 )); then\n"
      "{0}  local -a subcommands; subcommands=({1})\n"
      "{0}  _describe -t commands {2} subcommands && ret=0\n"
      "{0}else\n"
      "{0}  shift words; (( CURRENT-- ))\n"
      "{0}  curcontext=\"${{curcontext%:*}}-$words[1]:\"\n"
      "{0}  case $words[1] in\n",
      indent, described, quoted("polycloud " + command.name + " command"));
  for (auto const& sub : command.subcommands)
    out += fmt::format("{}    ({})\n{} ;;\n", indent, sub.name, command_body(sub, indent + "      "));
  return out + indent + "  esac\n" + indent + "fi";
}

std::string command_case(CommandInfo const& command) {
  return fmt::format("        ({})\n{} ;;\n", command.name, command_body(command, "          "));
}
}  // namespace

std::string zsh_script(CompletionModel const& model) {
  std::string out =
      "#compdef polycloud\n"
      "# polycloud completion for zsh, generated from the command tree. Either install it on $fpath:\n"
      "#   polycloud completion zsh > \"${fpath[1]}/_polycloud\"\n"
      "# or load it in a shell where compinit has run:  source <(polycloud completion zsh)\n\n";
  out += fmt::format(
      "# The configured provider names, from the --config on the line (after the command, else before it),\n"
      "# else from its --profile, else from the config polycloud finds itself.\n"
      "_polycloud_providers() {{\n"
      "  local -a providers config\n"
      "  local file=${{opt_args[--config]:-$_polycloud_config}} profile=${{opt_args[--profile]:-$_polycloud_profile}}\n"
      "  if [[ -n $file ]]; then config=(--config \"${{(Q)file}}\")\n"
      "  elif [[ -n $profile ]]; then config=(--profile \"${{(Q)profile}}\"); fi\n"
      "  providers=(${{(f)\"$(polycloud \"${{config[@]}}\" {})\"}})\n"
      "  _wanted providers expl 'configured provider' compadd -a providers\n"
      "}}\n\n",
      std::string(providers_command).substr(std::string("polycloud ").size()));
  out += "_polycloud() {\n"
         "  local curcontext=\"$curcontext\" state state_descr line ret=1\n"
         "  typeset -A opt_args\n"
         "  local -a globals commands\n"
         "  globals=(";
  for (auto const& option : model.globals)
    for (auto const& spec : option_specs(option)) out += "\n    " + spec;
  out += "\n  )\n  commands=(";
  for (auto const& command : model.commands)
    out += "\n    " + quoted(field_text(command.name) + ":" + command.description);
  // (-): no option of the command line's start is taken after the command: from there the command's
  // own _arguments parses every word, the global options included.
  out += "\n  )\n"
         "  _arguments -C \"${globals[@]}\" '--version[Print the version]' '(-): :->command' '(-)*:: :->arguments' "
         "&& ret=0\n"
         "  local _polycloud_config=${opt_args[--config]} _polycloud_profile=${opt_args[--profile]}  # seen by "
         "_polycloud_providers\n"
         "  case $state in\n"
         "    (command)\n"
         "      _describe -t commands 'polycloud command' commands && ret=0 ;;\n"
         "    (arguments)\n"
         "      curcontext=\"${curcontext%:*:*}:polycloud-$words[1]:\"\n"
         "      case $words[1] in\n";
  for (auto const& command : model.commands) out += command_case(command);
  out += "      esac ;;\n"
         "  esac\n"
         "  return ret\n"
         "}\n\n"
         "# Autoloaded from $fpath this file is the function's body; sourced, it registers the function.\n"
         "if [[ $funcstack[1] == _polycloud ]]; then\n"
         "  _polycloud \"$@\"\n"
         "else\n"
         "  compdef _polycloud polycloud\n"
         "fi\n";
  return out;
}

}  // namespace polycloud::cli
