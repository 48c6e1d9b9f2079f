// `polycloud providers`: what is configured. Reads the config only; nothing is sent.
#include "commands/commands.hpp"
#include "output/output.hpp"

namespace polycloud::cli {

namespace {
RecordLayout const& provider_layout() {
  static RecordLayout const layout{{"name", "type", "endpoint", "capabilities", "create_features", "catalog"},
                                   {{"name", {"NAME"}},
                                    {"type", {"TYPE"}},
                                    {"endpoint", {"ENDPOINT", 0, true}},
                                    {"capabilities", {"CAPABILITIES", 3, true}},
                                    {"create_features", {"CREATE FEATURES", 2, true}},
                                    {"catalog", {"CATALOG", 1, true}}},
                                   {}};
  return layout;
}

std::vector<std::string> capability_names(Capabilities const& capabilities) {
  std::vector<std::string> names;
  for (Operation op : {Operation::list, Operation::get, Operation::create, Operation::remove, Operation::start,
                       Operation::stop, Operation::reboot})
    if (capabilities.supports(op)) names.emplace_back(to_string(op));
  if (capabilities.create_progress) names.emplace_back("create_progress");
  return names;
}

/// What a CreateSpec may use there, in the words placement names a missing one with (Resolution).
std::vector<std::string> create_feature_names(Capabilities const& capabilities) {
  std::vector<std::string> names;
  for (auto const& [supported, name] : {std::pair{capabilities.create_ssh_keys, "ssh_keys"},
                                        std::pair{capabilities.create_user_data, "user_data"},
                                        std::pair{capabilities.create_tags, "tags"},
                                        std::pair{capabilities.create_extra_disks, "extra_disks"}})
    if (supported) names.emplace_back(name);
  return names;
}

/// The catalog parts it lists (`polycloud catalog sizes|images|regions`).
std::vector<std::string> catalog_part_names(Capabilities const& capabilities) {
  std::vector<std::string> names;
  for (auto const& [listed, name] : {std::pair{capabilities.catalog_sizes, "sizes"},
                                     std::pair{capabilities.catalog_images, "images"},
                                     std::pair{capabilities.catalog_regions, "regions"}})
    if (listed) names.emplace_back(name);
  return names;
}

/// Each block the config could not read, on stderr; the exit code of the first (a config error).
std::optional<ExitCode> report_unusable(Config const& config) {
  std::vector<Error> errors;
  for (auto const& unusable : config.unusable) errors.push_back(unusable.error);
  return report_all(errors);
}
}  // namespace

ExitCode run_providers(Session& session) {
  if (auto fields = check_fields(session.global().fields, provider_layout()); !fields) return report(fields.error());
  // This is where a user checks the config: a block it could not read makes it a config error, after the
  // others are printed (nothing is, when no block could be read).
  if (session.config().providers.empty() && !session.config().unusable.empty())
    return *report_unusable(session.config());
  RecordPrinter printer(session.global(), provider_layout());
  for (auto const& config : session.config().providers) {
    auto provider = session.fleet().provider(config.name);
    if (!provider) return report(provider.error());
    auto const capabilities = (*provider)->capabilities();
    printer.add({{"name", std::string_view(config.name)},
                 {"type", std::string_view(config.type)},
                 {"endpoint", std::string_view(config.endpoint)},
                 {"capabilities", capability_names(capabilities)},
                 {"create_features", create_feature_names(capabilities)},
                 {"catalog", catalog_part_names(capabilities)}});
  }
  printer.finish();
  return report_unusable(session.config()).value_or(ExitCode::ok);
}

}  // namespace polycloud::cli
