// `polycloud providers`: what is configured. Reads the config only; nothing is sent.
#include "commands.hpp"
#include "output.hpp"

namespace polycloud::cli {

namespace {
RecordLayout const& provider_layout() {
  static RecordLayout const layout{{"name", "type", "endpoint", "capabilities"},
                                   {{"name", {"NAME"}},
                                    {"type", {"TYPE"}},
                                    {"endpoint", {"ENDPOINT", 0, true}},
                                    {"capabilities", {"CAPABILITIES", 1, true}}}};
  return layout;
}

boost::json::array capability_names(Capabilities const& capabilities) {
  boost::json::array names;
  for (Operation op : {Operation::list, Operation::get, Operation::create, Operation::remove, Operation::start,
                       Operation::stop, Operation::reboot})
    if (capabilities.supports(op)) names.emplace_back(to_string(op));
  if (capabilities.create_progress) names.emplace_back("create_progress");
  return names;
}
}  // namespace

ExitCode run_providers(Session& session) {
  RecordPrinter printer(session.global().output, provider_layout());
  for (auto const& config : session.config().providers) {
    auto provider = session.fleet().provider(config.name);
    if (!provider) return report(provider.error());
    printer.add({{"name", config.name},
                 {"type", config.type},
                 {"endpoint", config.endpoint},
                 {"capabilities", capability_names((*provider)->capabilities())}});
  }
  printer.finish();
  return ExitCode::ok;
}

}  // namespace polycloud::cli
