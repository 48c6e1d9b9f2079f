// `polycloud config`: `view` prints the effective config with every credential as "REDACTED";
// `providers add|remove` edit the file. An edit keeps every other byte of meaning (other providers,
// ${VAR} references, token_file paths: the raw JSON is edited, not the parsed config), is checked by the
// library's own parser before anything is written, and is written 0600 by rename.
#include "commands/config_command.hpp"

#include "output/output.hpp"
#include "commands/private_file.hpp"
#include "commands/profiles.hpp"
#include "commands/session.hpp"
#include "commands/spec_file.hpp"
#include "output/streams.hpp"
#include "terminal/terminal.hpp"

#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

namespace polycloud::cli {

namespace {
namespace json = boost::json;

constexpr char const* redacted = "REDACTED";

/// A provider's own key that may hold a secret (none of today's types has one: defence in depth for a
/// user-registered type).
bool looks_secret(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  for (auto const* word : {"token", "secret", "password", "key"})
    if (key.find(word) != std::string::npos) return true;
  return false;
}

json::object aliases_json(Aliases const& aliases) {
  json::object out;
  for (auto const& [kind, table] : {std::pair{"size", &aliases.size}, std::pair{"image", &aliases.image},
                                    std::pair{"region", &aliases.region}}) {
    if (table->empty()) continue;
    json::object entries;
    for (auto const& [alias, target] : *table) entries[alias] = target;
    out[kind] = std::move(entries);
  }
  return out;
}

/// One provider block as the file would say it, after defaults, ${VAR} expansion and token_file reading.
json::object effective(ProviderConfig const& config) {
  json::object block;
  block["type"] = config.type;
  block["endpoint"] = config.endpoint;
  if (!config.token.empty()) block["token"] = redacted;
  if (!config.api_key.empty()) block["api_key"] = redacted;
  if (!config.ca_file.empty()) block["ca_file"] = config.ca_file;
  block["timeout_s"] = config.timeout.count();
  block["max_connections"] = config.max_connections;
  block["max_body_mb"] = config.max_body_bytes >> 20;
  if (config.allow_insecure_http) block["allow_insecure_http"] = true;
  if (config.rate_limit_per_second) block["rate_limit_per_second"] = *config.rate_limit_per_second;
  if (config.rate_limit_per_minute) block["rate_limit_per_minute"] = *config.rate_limit_per_minute;
  if (auto aliases = aliases_json(config.aliases); !aliases.empty()) block["aliases"] = std::move(aliases);
  for (auto const& [key, value] : config.settings)
    block[key] = looks_secret(std::string(key)) ? json::value(redacted) : value;
  return block;
}

/// The config this command reads or edits (profiles.hpp's locate_config); for an edit, the file to
/// create when it does not exist yet.
CliResult<std::filesystem::path> config_path(GlobalArgs const& global, bool to_write) {
  auto location = locate_config(global, to_write);
  if (!location) return location.error();
  return std::move(location->path);
}

ExitCode view(GlobalArgs const& global) {
  auto path = config_path(global, false);
  if (!path) return report(path.error());
  auto config = load_config_file(*path);
  if (!config) return report(config.error());
  for (auto const& warning : config->warnings) print_err("polycloud: warning: {}\n", warning);
  json::object providers;
  for (auto const& provider : config->providers) providers[provider.name] = effective(provider);
  // The config is one JSON document: json whatever -o says (indented on a terminal).
  GlobalArgs as_json = global;
  as_json.output = OutputFormat::json;
  static RecordLayout const layout{{"source", "providers"}, {}, {}};
  if (auto fields = check_fields(global.fields, layout); !fields) return report(fields.error());
  RecordPrinter printer(as_json, layout, /*single=*/true);
  printer.add({{"source", path->string()}, {"providers", &providers}});
  printer.finish();
  return ExitCode::ok;
}

Error edit_error(std::string const& message) { return make_error(ErrorKind::config, message, {}, "config"); }

/// The file's JSON, or an empty config when it does not exist yet.
Result<json::object> read_raw(std::filesystem::path const& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return json::object{{"providers", json::object{}}};
  auto text = read_text_file(path.string(), "config");
  if (!text) return text.error();
  boost::system::error_code parse_ec;
  auto value = json::parse(*text, parse_ec);
  if (parse_ec || !value.is_object() || !value.as_object().contains("providers") ||
      !value.as_object().at("providers").is_object())
    return edit_error(path.string() + ": not a polycloud config (a JSON object with a \"providers\" object)");
  return std::move(value.as_object());
}

/// The added block set up as every command sets it up, sending nothing: the parser passes a block with no
/// credential, and once written such a block would make every command refuse the whole file ("no token").
Result<void> set_up(Config const& config, std::string const& name) {
  auto block = std::find_if(config.providers.begin(), config.providers.end(),
                            [&](ProviderConfig const& each) { return each.name == name; });
  if (block == config.providers.end()) return {};
  boost::asio::io_context io;
  ProviderContext context;
  context.executor = io.get_executor();
  auto provider = make_provider(*block, context);
  if (!provider) {
    Error error = provider.error();
    error.message += "; nothing was written";
    return error;
  }
  return {};
}

ExitCode edit(GlobalArgs const& global, ConfigArgs const& args) {
  auto path = config_path(global, true);
  if (!path) return report(path.error());
  auto raw = read_raw(*path);
  if (!raw) return report(raw.error());
  auto& providers = raw->at("providers").as_object();
  bool const exists = providers.contains(args.name);
  if (args.action != ConfigArgs::Action::remove) {
    if (exists)
      return report(edit_error(fmt::format("provider \"{}\" is already in {}: remove it first", args.name, path->string())));
    json::object block{{"type", args.type}};
    if (args.endpoint) block["endpoint"] = *args.endpoint;
    if (args.token_file) block["token_file"] = *args.token_file;
    providers[args.name] = std::move(block);
  } else {
    if (!exists) return report(edit_error(fmt::format("no provider \"{}\" in {}", args.name, path->string())));
    providers.erase(args.name);
  }
  auto const text = json::serialize(*raw) + "\n";
  // The library's own checks (name charset, type, endpoint, token_file readable…) before a byte is written.
  auto checked = parse_config(text, path->string());
  if (!checked) return report(checked.error());
  if (args.action != ConfigArgs::Action::remove)
    if (auto usable = set_up(*checked, args.name); !usable) return report(usable.error());
  std::error_code ec;
  std::filesystem::create_directories(path->parent_path(), ec);
  if (auto written = write_private_file(path->string(), text, "config"); !written) return report(written.error());
  bool const removed = args.action == ConfigArgs::Action::remove;
  print_err("polycloud: {} provider {} {} {}\n", removed ? "removed" : "added", args.name, removed ? "from" : "to",
            path->string());
  return ExitCode::ok;
}

/// A missing answer asked for on the terminal; empty when the user just pressed Enter.
std::string ask(std::string const& question) {
  print_err("{}: ", question);
  std::string answer;
  std::getline(std::cin, answer);
  return answer;
}

/// `config init`: the first config. Asks on a terminal for what the flags did not give, writes it like
/// `providers add`, then lists one page of the new provider, so a wrong endpoint or token shows now.
ExitCode init(GlobalArgs const& global, ConfigArgs args) {
  auto path = config_path(global, true);
  if (!path) return report(path.error());
  std::error_code ec;
  if (std::filesystem::exists(*path, ec))
    return report(edit_error(path->string() + " exists already: add providers with polycloud config providers add"));
  if (is_terminal(stdin) && is_terminal(stderr)) {
    std::string types;
    for (auto const& type : provider_type_names()) types += (types.empty() ? "" : ", ") + type;
    if (args.type.empty()) args.type = ask("Provider type (" + types + ")");
    if (args.name.empty()) args.name = ask("Name for it in polycloud commands");
    if (!args.endpoint) {
      if (auto endpoint = ask("Endpoint URL (Enter: the type's public API)"); !endpoint.empty()) args.endpoint = endpoint;
    }
    if (!args.token_file) {
      if (auto file = ask("File holding the token (Enter: none)"); !file.empty()) args.token_file = file;
    }
  }
  if (args.name.empty() || args.type.empty())
    return report(edit_error("config init needs --name and --type (asked for only on a terminal)"));
  if (auto written = edit(global, args); written != ExitCode::ok) return written;

  GlobalArgs written_to = global;
  written_to.config = path->string();
  written_to.profile.reset();
  auto session = Session::open(written_to);
  if (!session) return report(session.error());
  auto provider = (*session)->fleet().provider(args.name);
  if (!provider) return report(provider.error());
  auto pager = (*provider)->list(ListOptions{});
  auto page = (*session)->run(pager->next());
  if (!page) {
    print_err("polycloud: the config is written, but listing {} failed (fix it with polycloud config view and an editor):\n",
              args.name);
    return report(page.error());
  }
  print_err("polycloud: {} answers: {} instance{} on its first page\n", args.name, *page ? (*page)->size() : 0,
            *page && (*page)->size() == 1 ? "" : "s");
  return ExitCode::ok;
}
}  // namespace

ExitCode run_config(GlobalArgs const& global, ConfigArgs const& args) {
  switch (args.action) {
    case ConfigArgs::Action::view: return view(global);
    case ConfigArgs::Action::init: return init(global, args);
    case ConfigArgs::Action::profiles: return run_profiles(global, args.profiles);
    default: return edit(global, args);
  }
}

}  // namespace polycloud::cli
