// `polycloud providers`: what is configured. Reads the config only; nothing is sent.
#include "commands/commands.hpp"
#include "output/output.hpp"

namespace polycloud::cli {

namespace {
RecordLayout const& provider_layout() {
  static RecordLayout const layout{{"name", "type", "endpoint", "capabilities"},
                                   {{"name", {"NAME"}},
                                    {"type", {"TYPE"}},
                                    {"endpoint", {"ENDPOINT", 0, true}},
                                    {"capabilities", {"CAPABILITIES", 1, true}}},
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
}  // namespace

ExitCode run_providers(Session& session) {
  if (auto fields = check_fields(session.global().fields, provider_layout()); !fields) return report(fields.error());
  RecordPrinter printer(session.global(), provider_layout());
  for (auto const& config : session.config().providers) {
    auto provider = session.fleet().provider(config.name);
    if (!provider) return report(provider.error());
    printer.add({{"name", std::string_view(config.name)},
                 {"type", std::string_view(config.type)},
                 {"endpoint", std::string_view(config.endpoint)},
                 {"capabilities", capability_names((*provider)->capabilities())}});
  }
  printer.finish();
  return ExitCode::ok;
}

}  // namespace polycloud::cli
