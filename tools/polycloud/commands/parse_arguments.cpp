// The files that know CLI11 (this one and completion.cpp): builds the command tree of docs/cli.md and
// fills the argument structs.
#include "commands/arguments.hpp"
#include "output/streams.hpp"
#include "commands/commands.hpp"
#include "terminal/completion.hpp"
#include "commands/config_command.hpp"
#include "commands/exit_code.hpp"
#include "commands/instance_ref.hpp"
#include "commands/spec_file.hpp"
#include "terminal/suggest.hpp"

#include <polycloud/create_journal.hpp>
#include <polycloud/instance.hpp>
#include <polycloud/provider.hpp>
#include <polycloud/registry.hpp>
#include <polycloud/snapshot.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <map>

#ifndef POLYCLOUD_VERSION
#define POLYCLOUD_VERSION "unknown"
#endif

namespace polycloud::cli {

namespace {

std::string const version_text = "polycloud " POLYCLOUD_VERSION;
constexpr int longest_timeout_s = 7 * 24 * 3600;

/// "k=v" with a non-empty key: tags and provider options.
CLI::Validator const key_value(
    [](std::string& text) -> std::string {
      auto const equals = text.find('=');
      if (equals == std::string::npos || equals == 0) return "expected KEY=VALUE, got \"" + text + "\"";
      return {};
    },
    "KEY=VALUE");

std::vector<std::string> state_names() {
  std::vector<std::string> names;
  for (int i = 0; i <= static_cast<int>(State::unknown); ++i) names.emplace_back(to_string(static_cast<State>(i)));
  return names;
}

std::string joined(std::vector<std::string> const& words, std::string const& last_glue) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? last_glue : ", ") + words[i];
  return out;
}

/// An id that names one resource: not empty, "." or ".." (a proxy would resolve those to another path),
/// and free of control characters (a CRLF line read by `while read` leaves a "\r" on the id, which would
/// only 404). Refused here, before any request.
CLI::Validator const resource_id(
    [](std::string& text) -> std::string {
      if (auto control = control_in_id(text)) return *control;
      auto checked = check_resource_id(text, {}, Operation::get);
      return checked ? std::string() : checked.error().message;
    },
    "ID");

CLI::Validator const state_name(
    [](std::string& text) -> std::string {
      if (parse_state(text)) return {};
      return "unknown state \"" + text + "\"" + did_you_mean(text, state_names()) + " (expected " +
             joined(state_names(), " or ") + ")";
    },
    "STATE");

/// An integer range said as a person would: "expected 1 to 604800 seconds, got 0" (CLI::Range prints
/// doubles to 300 digits).
CLI::Validator within(long long lowest, long long highest, std::string const& unit) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        long long value = 0;
        if (CLI::detail::lexical_cast(text, value) && value >= lowest && value <= highest) return {};
        return fmt::format("expected {} to {}{}, got {}", lowest, highest, unit.empty() ? "" : " " + unit, text);
      },
      fmt::format("{}-{}", lowest, highest));
}

/// Every level answers --version, not only the top.
CLI::App* subcommand(CLI::App& app, std::string const& name, std::string const& description) {
  auto* sub = app.add_subcommand(name, description);
  sub->set_version_flag("--version", version_text);
  return sub;
}

void add_timeout(CLI::App* sub, int& seconds, std::string const& what) {
  sub->add_option("--timeout", seconds, what + " (seconds)")
      ->check(within(1, longest_timeout_s, "seconds"))
      ->capture_default_str();
}

void add_raw(CLI::App* sub, bool& raw) {
  sub->add_flag("--raw", raw, "Add each provider's own object as a \"raw\" key (json, ndjson, csv)");
}

std::string const state_help = "Normalized state: " + joined(state_names(), " or ");

/// The provider-side filters of a listing (list, export): --provider, --state, --name, --tag, --detail|--fast.
template <class Args>
void add_list_filters(CLI::App* sub, Args& args) {
  sub->add_option("--provider", args.providers, "Only this configured provider (repeatable)");
  sub->add_option("--state", args.state, "Only instances in this state. " + state_help)->check(state_name);
  sub->add_option("--name", args.name_glob, "Only names matching this glob ('*' and '?')");
  sub->add_option("--tag", args.tags, "Only instances carrying this tag (repeatable, all must match)")
      ->check(key_value);
  auto* detail = sub->add_flag("--detail")->description("Fetch per-instance details where a list omits them (default)");
  auto* fast = sub->add_flag("--fast", args.fast, "Skip per-instance detail fetches (state may be unknown)");
  detail->excludes(fast);
}

void add_list(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "list", "List instances across providers, concurrently");
  auto& args = command.emplace<ListArgs>();
  add_list_filters(sub, args);
  add_raw(sub, args.raw);
  sub->add_option("--filter", args.filter,
                  "Only records for which EXPR holds: 'state=running AND vcpus>=2' (= != < <= > >= ~, AND OR NOT, ())")
      ->type_name("EXPR");
  sub->add_option("--sort-by", args.sort_by, "Sort by these keys, ~ before one for descending: --sort-by ~vcpus,name")
      ->delimiter(',')
      ->type_name("KEYS");
  sub->add_option("--limit", args.limit, "Print at most N records")->check(within(1, 1'000'000'000, ""))->type_name("N");
}

void add_catalog(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "catalog", "List what providers offer: sizes, images or regions, concurrently");
  auto& args = command.emplace<CatalogArgs>();
  sub->add_option("PART", args.part, "sizes, images or regions")
      ->required()
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, CatalogArgs::Part>{{"sizes", CatalogArgs::Part::sizes},
                                                   {"images", CatalogArgs::Part::images},
                                                   {"regions", CatalogArgs::Part::regions}}));
  sub->add_option("--provider", args.providers, "Only this configured provider (repeatable)");
  sub->add_option("--match", args.match,
                  "Only entries this selector matches: 'cpu>=2,mem>=4GiB', debian:12, 'ubuntu:>=22.04', country=GB")
      ->type_name("SELECTOR");
}

/// "2026-12-06T07:00:00Z": a snapshot's time as export prints it.
CLI::Validator const snapshot_time(
    [](std::string& text) -> std::string {
      if (parse_snapshot_time(text)) return {};
      return "expected a snapshot time in UTC such as 2026-12-06T07:00:00Z, got \"" + text + "\"";
    },
    "TIME");

void add_export(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "export", "Write a snapshot of the fleet to an SQLite file");
  auto& args = command.emplace<ExportArgs>();
  sub->add_option("--to", args.to, "The SQLite file (created if missing)")->required()->type_name("FILE");
  sub->add_flag("--append", args.append, "Keep the file's earlier snapshots (default: the new one replaces them)");
  add_list_filters(sub, args);
  sub->add_flag("--raw", args.raw, "Also store each provider's own object (the raw column)");
}

void add_diff(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "diff", "Compare two snapshots as events (added, removed, changed, state…)");
  auto& args = command.emplace<DiffArgs>();
  sub->add_option("FILE", args.files, "One file (its two latest snapshots, or --from/--to), or two (older, newer)")
      ->required()
      ->expected(1, 2);
  sub->add_option("--from", args.from, "The older snapshot's time (default: the latest complete before --to)")
      ->check(snapshot_time);
  sub->add_option("--to", args.to, "The newer snapshot's time (default: the latest complete)")->check(snapshot_time);
  sub->add_option("--provider", args.providers, "Only this provider (repeatable)");
}

void add_create(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "create", "Create an instance and wait until it runs");
  auto& args = command.emplace<CreateArgs>();
  auto* positional = sub->add_option("PROVIDER", args.provider, "Configured provider name, `any`, or a list: alg,kat");
  auto* named = sub->add_option("--provider", args.provider, "The same as PROVIDER");
  positional->excludes(named);
  sub->add_option("--name", args.name, "Instance name");
  sub->add_option("--size", args.size, "Size: 'cpu>=2,mem>=4GiB', a name list shows, an id or an alias");
  sub->add_option("--image", args.image, "Image: debian:12, 'ubuntu:>=22.04', a name list shows, an id or an alias");
  sub->add_option("--region", args.region, "Region: a glob (uk-*), country=GB, an id or an alias");
  sub->add_flag("--explain", args.explain, "Print every candidate size, image, region and provider with its reason");
  sub->add_option("--ssh-key", args.ssh_keys,
                  "An OpenSSH public key line, or a file or pipe holding such lines (repeatable)");
  sub->add_option("--user-data", args.user_data_file, "cloud-init user data file")->check(CLI::ExistingFile);
  sub->add_flag("--user-data-secret", args.user_data_secret,
                "The user data holds credentials: REDACTED from dry runs, traces and errors like a token");
  sub->add_option("--tag", args.tags, "Tag KEY=VALUE (repeatable)")->check(key_value);
  sub->add_option("--option", args.options, "Provider-specific option KEY=VALUE (repeatable)")->check(key_value);
  sub->add_option("--spec", args.spec_file, "CreateSpec JSON file; flags override its fields")
      ->check(CLI::ExistingFile);
  auto* key = sub->add_option("--idempotency-key", args.idempotency_key,
                              "Safe to repeat: adopt the VM carrying this key (1-64 of A-Z a-z 0-9 . _ -) "
                              "instead of creating a second one")
                  ->type_name("KEY");
  sub->add_flag("--if-absent", args.if_absent,
                "Safe to repeat: --idempotency-key derived from PROVIDER and --name (see docs/provisioning.md)")
      ->excludes(key);
  sub->add_flag("--no-wait", args.no_wait, "Return once the provider accepted the create");
  sub->add_flag("--refresh", args.refresh_catalog,
                "List the provider's catalog again instead of using the cached one (and rewrite the cache)");
  add_timeout(sub, args.timeout_seconds, "Give up after this long");
  // Like --help, it runs during the parse (before PROVIDER is required) and ends the command.
  sub->add_flag_callback(
      "--print-spec-template",
      [] {
        print_out("{}", spec_template());
        throw CLI::Success();
      },
      "Print an empty --spec file (every key) and exit");
}

void add_pending(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "pending", "List keyed creates whose outcome is unknown (the journal of creates in flight)");
  auto& args = command.emplace<PendingArgs>();
  sub->add_flag("--resolve", args.resolve, "Look each key up, clear what is found and say what is still unknown");
  sub->add_option("--provider", args.providers, "Only this configured provider (repeatable)");
}

void add_action(CLI::App& app, Command& command, Operation operation, std::string const& description) {
  auto* sub = subcommand(app, std::string(to_string(operation)), description);
  // Each subcommand binds to its own struct; the parse callback installs the one that ran.
  auto args = std::make_shared<ActionArgs>();
  args->operation = operation;
  sub->add_option("PROVIDER", args->provider, "Configured provider name")->required();
  sub->add_option("ID", args->ids, "Instance id (several: each in turn)")->required()->check(resource_id);
  sub->add_flag("--wait", args->wait, "Wait until the instance reaches the resulting state");
  add_timeout(sub, args->timeout_seconds, "Give up on each instance after this long");
  if (operation == Operation::remove) {
    sub->add_flag("--yes,-y", args->yes, "Confirm the delete (required when stdin is a terminal)");
    sub->add_flag("--ignore-missing", args->ignore_missing, "An id that does not exist counts as deleted");
  }
  sub->parse_complete_callback([&command, args] { command = *args; });
}

void add_wait(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "wait", "Wait until an instance reaches a state");
  auto& args = command.emplace<WaitArgs>();
  sub->add_option("PROVIDER", args.provider, "Configured provider name")->required();
  sub->add_option("ID", args.id, "Instance id")->required()->check(resource_id);
  sub->add_option("--state", args.state, state_help)->required()->check(state_name);
  add_timeout(sub, args.timeout_seconds, "Give up after this long");
}

/// "30s", "1m", "1500ms", "2h", or plain seconds ("45"): milliseconds, or nullopt when it is none of them.
std::optional<std::int64_t> duration_ms(std::string const& text) {
  std::size_t digits = 0;
  while (digits < text.size() && digits < 12 && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) ++digits;
  if (digits == 0 || (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0))
    return std::nullopt;
  auto const number = std::stoll(text.substr(0, digits));
  auto const unit = text.substr(digits);
  static std::map<std::string, std::int64_t> const units{{"", 1000}, {"s", 1000}, {"ms", 1}, {"m", 60'000}, {"h", 3'600'000}};
  auto const found = units.find(unit);
  if (found == units.end()) return std::nullopt;
  return number * found->second;
}

void add_watch(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "watch", "Print the fleet's changes as they happen (polling), until Ctrl-C");
  auto& args = command.emplace<WatchArgs>();
  sub->add_option("--provider", args.providers, "Only this configured provider (repeatable)");
  sub->add_option("--state", args.state, "Only instances in this state. " + state_help)->check(state_name);
  sub->add_option("--name", args.name_glob, "Only names matching this glob ('*' and '?')");
  sub->add_option("--tag", args.tags, "Only instances carrying this tag (repeatable, all must match)")
      ->check(key_value);
  sub->add_option_function<std::string>(
         "--interval",
         [&args](std::string const& text) {
           auto const ms = duration_ms(text);
           // A poll a second at most: below that a watch is a load test, and no API's budget allows it.
           if (!ms || *ms < 1000 || *ms > 86'400'000)
             throw CLI::ValidationError("--interval", "expected a duration from 1s to 24h (30s, 5m, 1500ms), got " + text);
           args.interval_ms = *ms;
         },
         "Between polls of each provider (default 30s; at least 1s)")
      ->type_name("DURATION");
  sub->add_flag("--existing", args.existing, "Report the instances already there as \"added\" first");
}

void add_sandbox(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "sandbox", "Run the provider simulators on loopback and print a config for them");
  auto& args = command.emplace<SandboxArgs>();
  args.instances = default_sandbox_instances();
  sub->add_option("--instances", args.instances, "Seeded instances per provider")
      ->check(within(0, 1'000'000, ""))
      ->capture_default_str();
  sub->add_option("--seed", args.seed, "Seed for the generated instances")->capture_default_str();
  sub->add_option("--latency-ms", args.latency_ms, "Added latency per request")
      ->check(within(0, 60'000, "ms"))
      ->capture_default_str();
  sub->add_flag("--plain", args.plain, "Serve plain HTTP on loopback instead of TLS");
  sub->add_option("--write-config", args.write_config, "Write the config to this file instead of stdout");
  sub->add_option("--catalog-images", args.catalog_images,
                  "Images listed besides the seeded ones by Katapult's and ByCloud's catalog (a large catalog)")
      ->check(within(0, 1'000'000, ""))
      ->capture_default_str();
  for (auto const& [flag, port] : {std::pair{"--openscaler-port", &args.openscaler_port},
                                   std::pair{"--katapult-port", &args.katapult_port},
                                   std::pair{"--bycloud-port", &args.bycloud_port}})
    sub->add_option(flag, *port, "Fixed loopback port (default: any free one)")->check(within(1, 65535, ""));
}

void add_config(CLI::App& app, ConfigArgs& args) {
  auto* sub = subcommand(app, "config", "Show or edit the config file: view, init, providers add|remove, profiles");
  sub->require_subcommand(1);
  subcommand(*sub, "view", "Print the effective config as JSON, every credential REDACTED")
      ->parse_complete_callback([&args] { args.action = ConfigArgs::Action::view; });
  auto* init = subcommand(*sub, "init", "Write a first config (asking on a terminal) and list one page to check it");
  init->add_option("--name", args.name, "Provider name");
  init->add_option("--type", args.type, "Provider type: " + joined(provider_type_names(), " or "));
  init->add_option("--endpoint", args.endpoint, "API URL (default: the type's public endpoint)");
  init->add_option("--token-file", args.token_file, "File holding the token (never the token itself)");
  init->parse_complete_callback([&args] { args.action = ConfigArgs::Action::init; });
  auto* providers = subcommand(*sub, "providers", "Add or remove a provider block");
  providers->require_subcommand(1);
  auto* add = subcommand(*providers, "add", "Add a provider to the config file (created 0600 if missing)");
  add->add_option("NAME", args.name, "Provider name")->required();
  add->add_option("--type", args.type, "Provider type: " + joined(provider_type_names(), " or "))->required();
  add->add_option("--endpoint", args.endpoint, "API URL (default: the type's public endpoint)");
  add->add_option("--token-file", args.token_file, "File holding the token (never the token itself)");
  add->parse_complete_callback([&args] { args.action = ConfigArgs::Action::add; });
  auto* remove = subcommand(*providers, "remove", "Remove a provider from the config file");
  remove->add_option("NAME", args.name, "Provider name")->required();
  remove->parse_complete_callback([&args] { args.action = ConfigArgs::Action::remove; });
  auto* profiles = subcommand(*sub, "profiles", "Several configs side by side: list, use or show profiles");
  profiles->require_subcommand(1);
  using Profiles = ProfilesArgs::Action;
  subcommand(*profiles, "list", "List the profiles in the config directory, marking the one in effect")
      ->parse_complete_callback([&args] { args.action = ConfigArgs::Action::profiles; args.profiles.action = Profiles::list; });
  auto* use = subcommand(*profiles, "use", "Make a profile the one commands use by default (`default`: config.json)");
  use->add_option("NAME", args.profiles.name, "Profile name")->required();
  use->parse_complete_callback([&args] { args.action = ConfigArgs::Action::profiles; args.profiles.action = Profiles::use; });
  subcommand(*profiles, "show", "Show which config file this command line would use, and what chose it")
      ->parse_complete_callback([&args] { args.action = ConfigArgs::Action::profiles; args.profiles.action = Profiles::show; });
}

/// One example per command, shown at the end of its --help.
std::map<std::string, std::string> const examples{
    {"providers", "polycloud providers -o json"},
    {"list", "polycloud list --state running --name 'web-*' --fields provider,id,name -o csv"},
    {"get", "polycloud get alg 8 -o json --raw"},
    {"catalog", "polycloud catalog images --provider kat -o ndjson"},
    {"create", "polycloud create alg --name web-1 --size small --image debian  (or: create any --size 'cpu>=1,mem>=2GiB' --image debian:12 --explain)"},
    {"delete", "polycloud delete alg 8 9 --yes --wait"},
    {"pending", "polycloud pending --resolve -o json"},
    {"start", "polycloud start alg 8 --wait"},
    {"stop", "polycloud stop alg 8 9 --wait --timeout 120"},
    {"reboot", "polycloud reboot alg 8"},
    {"wait", "polycloud wait alg 8 --state running --timeout 300"},
    {"watch", "polycloud watch --interval 1m --provider kat --name 'web-*'"},
    {"export", "polycloud export --to inventory.db --append --state running"},
    {"diff", "polycloud diff inventory.db --from 2026-12-06T07:00:00Z -o table"},
    {"sandbox", "polycloud sandbox --write-config /tmp/sandbox.json --openscaler-port 8443 &"},
    {"demo", "polycloud demo"},
    {"version", "polycloud version -o json"},
    {"config", "polycloud config providers add alg --type openscaler --token-file ~/.config/polycloud/alg.token"},
    {"completion", "polycloud completion bash > ~/.local/share/bash-completion/completions/polycloud"},
};

/// Subcommand help lists only the subcommand's own options: append the global ones and the example.
void add_footers(CLI::App& app) {
  std::string globals = "Global options (before or after the command):\n";
  for (auto const* option : app.get_options()) {
    auto const name = option->get_name(false, true);
    if (name == "-h,--help" || name == "--version") continue;
    auto const type = option->get_type_name();
    globals += fmt::format("  {:<28}{}\n", name + (type.empty() || option->get_expected_max() == 0 ? "" : " " + type),
                           option->get_description());
  }
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    auto const example = examples.find(sub->get_name());
    sub->footer("\n" + globals +
                (example == examples.end() ? std::string() : "\nExample:\n  " + example->second + "\n"));
  }
}

/// The first word on the command line that is not an option or an option's value: the command.
std::string command_word(CLI::App const& app, std::vector<std::string> const& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto const& word = words[i];
    if (word.empty() || word[0] != '-') return word;
    if (word.find('=') != std::string::npos) continue;
    try {
      auto const* option = app.get_option(word);
      if (option->get_expected_max() > 0) ++i;  // skip its value
    } catch (CLI::OptionNotFound const&) {
    }
  }
  return {};
}

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (auto const* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

bool is_command(CLI::App& app, std::string const& word) {
  auto const names = command_names(app);
  return std::find(names.begin(), names.end(), word) != names.end();
}

std::vector<std::string> option_names(CLI::App const& app) {
  std::vector<std::string> names;
  for (auto const* option : app.get_options())
    for (auto const& name : option->get_lnames()) names.push_back("--" + name);
  for (auto const* option : app.get_options())
    for (auto const& name : option->get_snames()) names.push_back("-" + name);
  return names;
}

/// CLI11's messages, made specific: an unknown command is named (not "A subcommand is required"),
/// and an unknown command or option gets the closest known one.
std::string usage_message(CLI::App& app, CLI::ParseError const& error, std::vector<std::string> const& words) {
  auto const command = command_word(app, words);
  bool const known = is_command(app, command);
  // An unknown option first: in `polycloud --outptu json list` the culprit is the option, not "json".
  auto candidates = option_names(app);
  if (known) {
    auto const own = option_names(*app.get_subcommand(command));
    candidates.insert(candidates.end(), own.begin(), own.end());
  }
  for (auto const& word : words) {
    if (word.size() < 2 || word[0] != '-') continue;
    auto const name = word.substr(0, word.find('='));
    if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) continue;
    return fmt::format("unknown option \"{}\"{}{}", name, known ? " for " + command : "", did_you_mean(name, candidates));
  }
  auto const commands = command_names(app);
  if (!command.empty() && !known)
    return fmt::format("unknown command \"{}\"{}", command, did_you_mean(command, commands));
  if (command.empty() && dynamic_cast<CLI::RequiredError const*>(&error))
    return "a command is required: " + joined(commands, " or ");
  return error.what();
}

}  // namespace

std::variant<Invocation, int> parse_arguments(int argc, char const* const* argv) {
  CLI::App app{"polycloud: one command over every configured VM provider", "polycloud"};
  app.set_version_flag("--version", version_text);
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the subcommand too

  Invocation invocation;
  auto& global = invocation.global;
  app.add_option("--config", global.config,
                 "Config file (default: $POLYCLOUD_CONFIG, then $XDG_CONFIG_HOME/polycloud/config.json, then "
                 "~/.config/polycloud/config.json; --profile says where a profile comes in)")
      ->type_name("FILE");
  app.add_option("--profile", global.profile,
                 "Named config <config dir>/profiles/NAME.json (`default`: config.json). Order: --config, --profile, "
                 "$POLYCLOUD_CONFIG, $POLYCLOUD_PROFILE, `config profiles use`, config.json")
      ->type_name("NAME");
  std::map<std::string, OutputFormat> const formats{{"table", OutputFormat::table},
                                                    {"json", OutputFormat::json},
                                                    {"ndjson", OutputFormat::ndjson},
                                                    {"csv", OutputFormat::csv},
                                                    {"value", OutputFormat::value}};
  std::string output_name = "table";
  app.add_option("--output,-o", output_name, "Output format: table, json, ndjson, csv or value")
      // The description already lists the formats: the validator's own "{table,…}" after FMT ran into it.
      ->check(CLI::IsMember({"table", "json", "ndjson", "csv", "value"}).description(""))
      ->capture_default_str()
      ->type_name("FMT");
  app.add_option("--fields", global.fields, "Only these keys/columns, in this order: --fields id,name,state")
      ->delimiter(',')
      ->type_name("KEYS");
  app.add_flag("--no-headers", global.no_headers, "Table and csv: print rows only");
  app.add_flag("--dry-run", global.dry_run,
               "Print the HTTP request that would be sent (credentials redacted) and send nothing");
  app.add_flag("--verbose,-v", global.verbose, "Print the HTTP exchanges (credentials redacted) to stderr");

  // Each subcommand parses into its own storage; the last one parsed wins (only one may run).
  Command providers = ProvidersArgs{}, list, get, create, sandbox, demo = DemoArgs{}, action, wait, watch, export_, diff,
          pending, catalog;
  subcommand(app, "providers", "Show the configured providers: name, type, endpoint, capabilities");
  add_list(app, list);
  {
    auto* sub = subcommand(app, "get", "Show one instance");
    auto& args = get.emplace<GetArgs>();
    sub->add_option("PROVIDER", args.provider, "Configured provider name")->required();
    sub->add_option("ID", args.id, "Instance id")->required()->check(resource_id);
    add_raw(sub, args.raw);
  }
  add_catalog(app, catalog);
  add_create(app, create);
  add_action(app, action, Operation::remove, "Delete instances");
  add_action(app, action, Operation::start, "Start instances");
  add_action(app, action, Operation::stop, "Stop instances");
  add_action(app, action, Operation::reboot, "Reboot instances");
  add_wait(app, wait);
  add_watch(app, watch);
  add_export(app, export_);
  add_diff(app, diff);
  add_pending(app, pending);
  add_sandbox(app, sandbox);
  subcommand(app, "demo", "Start the simulators in-process and walk through every command against them");
  ConfigArgs config_args;
  add_config(app, config_args);
  subcommand(app, "version", "Show build details: versions, compiler, libraries, provider types");
  std::string shell;
  subcommand(app, "completion", "Print a shell completion script: bash, zsh or fish")
      ->add_option("SHELL", shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  add_footers(app);

  std::vector<std::string> const words(argv + std::min(argc, 1), argv + argc);
  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e);
  } catch (CLI::CallForAllHelp const& e) {
    return app.exit(e);
  } catch (CLI::CallForVersion const& e) {
    return app.exit(e);
  } catch (CLI::Success const&) {  // the command's whole work was done during the parse
    return static_cast<int>(ExitCode::ok);
  } catch (CLI::ParseError const& e) {
    auto const command = command_word(app, words);
    print_err("polycloud: usage: {} (run polycloud {}--help)\n", usage_message(app, e, words),
               is_command(app, command) ? command + " " : "");
    return static_cast<int>(ExitCode::usage);
  }

  auto const name = app.get_subcommands().front()->get_name();
  if (name == "completion") {
    print_out("{}", completion_script(app, shell));
    return static_cast<int>(ExitCode::ok);
  }
  global.output = formats.at(output_name);
  global.output_given = app.get_option("--output")->count() > 0;
  // watch prints ndjson unless a format was asked for (-o table: the live table); any other is a usage
  // mistake, found before a config is read.
  if (name == "watch" && !global.output_given) global.output = OutputFormat::ndjson;
  if (name == "watch" && global.output != OutputFormat::ndjson && global.output != OutputFormat::table)
    return static_cast<int>(report(usage_error("--output " + output_name +
                                               ": watch prints ndjson (the default) or a live table (-o table); "
                                               "`polycloud diff` prints csv and value",
                                               {}, "watch")));
  // Needs neither a config nor a session.
  if (name == "version") return static_cast<int>(run_version(global));
  if (name == "config") return static_cast<int>(run_config(global, config_args));
  // The four actions share one storage; every other command has its own.
  std::map<std::string, Command const*> const storage{
      {"providers", &providers}, {"list", &list},       {"get", &get},   {"create", &create},
      {"sandbox", &sandbox},     {"demo", &demo},       {"wait", &wait},  {"watch", &watch}, {"export", &export_},
      {"diff", &diff},           {"pending", &pending},   {"catalog", &catalog}};
  auto const found = storage.find(name);
  invocation.command = found != storage.end() ? *found->second : action;
  return invocation;
}

}  // namespace polycloud::cli
