// The one file that knows CLI11: builds the command tree of docs/cli.md and fills the argument structs.
#include "arguments.hpp"
#include "exit_code.hpp"

#include <polycloud/instance.hpp>
#include <polycloud/provider.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <map>

#ifndef POLYCLOUD_VERSION
#define POLYCLOUD_VERSION "unknown"
#endif

namespace polycloud::cli {

namespace {

std::string const version_text = "polycloud " POLYCLOUD_VERSION;

/// "k=v" with a non-empty key: tags and provider options.
CLI::Validator const key_value(
    [](std::string& text) -> std::string {
      auto const equals = text.find('=');
      if (equals == std::string::npos || equals == 0) return "expected KEY=VALUE, got \"" + text + "\"";
      return {};
    },
    "KEY=VALUE");

/// An id that names one resource: not empty, "." or ".." (a proxy would resolve those to another path).
/// Refused here, before any request, with the library's own wording.
CLI::Validator const resource_id(
    [](std::string& text) -> std::string {
      auto checked = check_resource_id(text, {}, Operation::get);
      return checked ? std::string() : checked.error().message;
    },
    "ID");

CLI::Validator const state_name(
    [](std::string& text) -> std::string {
      if (parse_state(text)) return {};
      return "unknown state \"" + text +
             "\" (expected pending, running, stopping, stopped, suspended, rebooting, terminated, error or unknown)";
    },
    "STATE");

/// Every level answers --version, not only the top.
CLI::App* subcommand(CLI::App& app, std::string const& name, std::string const& description) {
  auto* sub = app.add_subcommand(name, description);
  sub->set_version_flag("--version", version_text);
  return sub;
}

void add_timeout(CLI::App* sub, int& seconds, std::string const& what) {
  sub->add_option("--timeout", seconds, what + " (seconds)")->check(CLI::PositiveNumber)->capture_default_str();
}

void add_list(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "list", "List instances across providers, concurrently");
  auto& args = command.emplace<ListArgs>();
  sub->add_option("--provider", args.providers, "Only this configured provider (repeatable)");
  sub->add_option("--state", args.state, "Only instances in this normalized state")->check(state_name);
  sub->add_option("--name", args.name_glob, "Only names matching this glob ('*' and '?')");
  sub->add_option("--tag", args.tags, "Only instances carrying this tag (repeatable, all must match)")
      ->check(key_value);
  auto* detail = sub->add_flag("--detail")->description("Fetch per-instance details where a list omits them (default)");
  auto* fast = sub->add_flag("--fast", args.fast, "Skip per-instance detail fetches (state may be unknown)");
  detail->excludes(fast);
}

void add_create(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "create", "Create an instance and wait until it runs");
  auto& args = command.emplace<CreateArgs>();
  sub->add_option("PROVIDER", args.provider, "Configured provider name")->required();
  sub->add_option("--name", args.name, "Instance name");
  sub->add_option("--size", args.size, "Size: a portable alias or the provider's own name");
  sub->add_option("--image", args.image, "Image: a portable alias or the provider's own name");
  sub->add_option("--region", args.region, "Region: a portable alias or the provider's own name");
  sub->add_option("--ssh-key", args.ssh_keys, "Public key, or a file holding one (repeatable)");
  sub->add_option("--user-data", args.user_data_file, "cloud-init user data file")->check(CLI::ExistingFile);
  sub->add_option("--tag", args.tags, "Tag KEY=VALUE (repeatable)")->check(key_value);
  sub->add_option("--option", args.options, "Provider-specific option KEY=VALUE (repeatable)")->check(key_value);
  sub->add_option("--spec", args.spec_file, "CreateSpec JSON file; flags override its fields")
      ->check(CLI::ExistingFile);
  sub->add_flag("--no-wait", args.no_wait, "Return once the provider accepted the create");
  add_timeout(sub, args.timeout_seconds, "Give up after this long");
}

void add_action(CLI::App& app, Command& command, Operation operation, std::string const& description) {
  auto* sub = subcommand(app, std::string(to_string(operation)), description);
  // Each subcommand binds to its own struct; the parse callback installs the one that ran.
  auto args = std::make_shared<ActionArgs>();
  args->operation = operation;
  sub->add_option("PROVIDER", args->provider, "Configured provider name")->required();
  sub->add_option("ID", args->id, "Instance id")->required()->check(resource_id);
  sub->add_flag("--wait", args->wait, "Wait until the instance reaches the resulting state");
  add_timeout(sub, args->timeout_seconds, "Give up after this long");
  sub->parse_complete_callback([&command, args] { command = *args; });
}

void add_sandbox(CLI::App& app, Command& command) {
  auto* sub = subcommand(app, "sandbox", "Run the provider simulators on loopback and print a config for them");
  auto& args = command.emplace<SandboxArgs>();
  sub->add_option("--instances", args.instances, "Seeded instances per provider")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  sub->add_option("--seed", args.seed, "Seed for the generated instances")->capture_default_str();
  sub->add_option("--latency-ms", args.latency_ms, "Added latency per request")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  sub->add_flag("--plain", args.plain, "Serve plain HTTP on loopback instead of TLS");
  sub->add_option("--write-config", args.write_config, "Write the config to this file instead of stdout");
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
                 "Config file (default: $POLYCLOUD_CONFIG, then ~/.config/polycloud/config.json)");
  std::map<std::string, OutputFormat> const formats{{"table", OutputFormat::table},
                                                    {"json", OutputFormat::json},
                                                    {"ndjson", OutputFormat::ndjson},
                                                    {"csv", OutputFormat::csv}};
  std::string output_name = "table";
  app.add_option("--output,-o", output_name, "Output format: table, json, ndjson or csv")
      ->check(CLI::IsMember({"table", "json", "ndjson", "csv"}))
      ->capture_default_str();
  app.add_flag("--verbose,-v", global.verbose, "Print the HTTP exchanges (credentials redacted) to stderr");

  // Each subcommand parses into its own storage; the last one parsed wins (only one may run).
  Command providers = ProvidersArgs{}, list, get, create, sandbox, demo = DemoArgs{}, action;
  subcommand(app, "providers", "Show the configured providers: name, type, endpoint, capabilities");
  add_list(app, list);
  {
    auto* sub = subcommand(app, "get", "Show one instance");
    auto& args = get.emplace<GetArgs>();
    sub->add_option("PROVIDER", args.provider, "Configured provider name")->required();
    sub->add_option("ID", args.id, "Instance id")->required()->check(resource_id);
  }
  add_create(app, create);
  add_action(app, action, Operation::remove, "Delete an instance");
  add_action(app, action, Operation::start, "Start an instance");
  add_action(app, action, Operation::stop, "Stop an instance");
  add_action(app, action, Operation::reboot, "Reboot an instance");
  add_sandbox(app, sandbox);
  subcommand(app, "demo", "Start the simulators in-process and walk through every command against them");

  try {
    app.parse(argc, argv);
  } catch (CLI::CallForHelp const& e) {
    return app.exit(e);
  } catch (CLI::CallForAllHelp const& e) {
    return app.exit(e);
  } catch (CLI::CallForVersion const& e) {
    return app.exit(e);
  } catch (CLI::ParseError const& e) {
    fmt::print(stderr, "polycloud: usage: {} (run polycloud --help)\n", e.what());
    return static_cast<int>(ExitCode::usage);
  }

  global.output = formats.at(output_name);
  // The four actions share one storage; every other command has its own.
  std::map<std::string, Command const*> const storage{
      {"providers", &providers}, {"list", &list},       {"get", &get},
      {"create", &create},       {"sandbox", &sandbox}, {"demo", &demo}};
  auto const found = storage.find(app.get_subcommands().front()->get_name());
  invocation.command = found != storage.end() ? *found->second : action;
  return invocation;
}

}  // namespace polycloud::cli
